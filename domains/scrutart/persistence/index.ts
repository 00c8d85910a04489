export * from './entities/scrutart-artist.entity';
export * from './entities/scrutart-image.entity';
export * from './entities/scrutart-post.entity';
export * from './migrations/1732250000000-scrutart-tables';
export * from './repositories/scrutart-artist.repository';
export * from './repositories/scrutart-image.repository';
export * from './repositories/scrutart-post.repository';
