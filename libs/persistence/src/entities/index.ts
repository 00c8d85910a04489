import { ApiTokenEntity } from './api-token.entity';
import { ArtifactEntity } from './artifact.entity';
import { DeploymentEntity } from './deployment.entity';
import { FlowRunEntity } from './flow-run.entity';
import { RunLogEntity } from './run-log.entity';
import { ScrutartArtistEntity } from './scrutart-artist.entity';
import { ScrutartImageEntity } from './scrutart-image.entity';
import { ScrutartPostEntity } from './scrutart-post.entity';
import { StepRunEntity } from './step-run.entity';

export { ApiTokenEntity, ArtifactEntity, DeploymentEntity, FlowRunEntity, RunLogEntity, StepRunEntity };
export type { RunTrigger } from './flow-run.entity';
export { ScrutartArtistEntity, ScrutartImageEntity, ScrutartPostEntity };
export type { ScrutartPostStatus } from './scrutart-post.entity';

export const PLATFORM_ENTITIES = [
  FlowRunEntity,
  StepRunEntity,
  RunLogEntity,
  DeploymentEntity,
  ArtifactEntity,
  ApiTokenEntity,
  ScrutartArtistEntity,
  ScrutartImageEntity,
  ScrutartPostEntity,
];
