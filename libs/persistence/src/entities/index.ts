import { ArtifactEntity } from './artifact.entity';
import { DeploymentEntity } from './deployment.entity';
import { FlowRunEntity } from './flow-run.entity';
import { RunLogEntity } from './run-log.entity';
import { StepRunEntity } from './step-run.entity';

export { ArtifactEntity, DeploymentEntity, FlowRunEntity, RunLogEntity, StepRunEntity };
export type { RunTrigger } from './flow-run.entity';

export const PLATFORM_ENTITIES = [FlowRunEntity, StepRunEntity, RunLogEntity, DeploymentEntity, ArtifactEntity];
