export * from './queues';
export * from './run-state';
export * from './flow-contract';
export * from './events';
export * from './flows/catalogue';
export * from './flows/ops/health-check.contract';
export * from './deployments/deployment-definition';
export * from './deployments/catalogue';
