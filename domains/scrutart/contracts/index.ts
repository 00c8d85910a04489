export * from './scrutart.queue';
export * from './scrutart-params';
export * from './scrutart-publication.params';
export * from './process-artist.contract';
export * from './process-batch.contract';
export * from './scrutart.deployments';
