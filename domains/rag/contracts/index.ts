export * from './rag.queue';
export * from './update-knowledge-base.params';
export * from './update-knowledge-base.contract';
export * from './rag.deployments';
