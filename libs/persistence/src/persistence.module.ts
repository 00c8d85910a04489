import { Global, Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { openDatabase } from './data-source.factory';
import { ApiTokenRepository } from './repositories/api-token.repository';
import { ArtifactRepository } from './repositories/artifact.repository';
import { DeploymentRepository } from './repositories/deployment.repository';
import { FlowRunRepository } from './repositories/flow-run.repository';
import { RunLogRepository } from './repositories/run-log.repository';
import { ScrutartArtistRepository } from './repositories/scrutart-artist.repository';
import { ScrutartImageRepository } from './repositories/scrutart-image.repository';
import { ScrutartPostRepository } from './repositories/scrutart-post.repository';
import { StepRunRepository } from './repositories/step-run.repository';

const REPOSITORIES = [
  FlowRunRepository,
  StepRunRepository,
  RunLogRepository,
  DeploymentRepository,
  ArtifactRepository,
  ApiTokenRepository,
  ScrutartArtistRepository,
  ScrutartImageRepository,
  ScrutartPostRepository,
];

/** The database (migrated at start) and the platform repositories. */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [RELAIS_CONFIG],
      useFactory: (config: RelaisConfig) => openDatabase(config.database),
    },
    ...REPOSITORIES.map((repository) => ({
      provide: repository,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new repository(dataSource),
    })),
  ],
  exports: [DataSource, ...REPOSITORIES],
})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
