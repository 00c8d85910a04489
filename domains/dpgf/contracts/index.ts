export * from './dpgf.queue';
export * from './dpgf-workflow.params';
export * from './import-file.params';
export * from './dpgf-workflow.contract';
export * from './dpgf.deployments';
