export * from './queues';
export * from './run-state';
export * from './flow-contract';
export * from './events';
export * from './relais-error';
export * from './deployments/deployment-definition';
export * from './api/api-types';
export * from './live-events';
