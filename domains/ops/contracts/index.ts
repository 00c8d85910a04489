export * from './ops.queue';
export * from './health-check.contract';
export * from './ops.deployments';
