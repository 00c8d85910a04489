import { ApiTokenEntity } from './api-token.entity';
import { ArtifactEntity } from './artifact.entity';
import { DeploymentEntity } from './deployment.entity';
import { FlowRunEntity } from './flow-run.entity';
import { RunLogEntity } from './run-log.entity';
import { StepRunEntity } from './step-run.entity';

export { ApiTokenEntity, ArtifactEntity, DeploymentEntity, FlowRunEntity, RunLogEntity, StepRunEntity };
export type { RunTrigger } from './flow-run.entity';
export * from './column-transformers';

/** The platform's tables; each domain declares its own in its RelaisDomain. */
export const PLATFORM_ENTITIES = [
  FlowRunEntity,
  StepRunEntity,
  RunLogEntity,
  DeploymentEntity,
  ArtifactEntity,
  ApiTokenEntity,
];
