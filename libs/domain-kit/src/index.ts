export * from './relais-domain';
export * from './domain-settings';
export * from './domain-settings-of';
export * from './domain.registry';
export * from './legacy-route';
