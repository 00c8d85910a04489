export * from './ops.queue';
export * from './health-check.contract';
export * from './ops.deployments';
export * from './maintenance.contract';
export * from './notification-api.types';
export * from './monitoring.contract';
