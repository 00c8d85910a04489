import { ApiProperty } from '@nestjs/swagger';
import { RunState, type RunSummary } from '@relais/contracts';

export class RunSummaryResponse implements RunSummary {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'ops.health-check' })
  flowName: string;

  @ApiProperty({ example: 'ops' })
  queue: string;

  @ApiProperty({ enum: RunState, enumName: 'RunState' })
  state: RunState;

  @ApiProperty({ type: String, nullable: true })
  deploymentName: string | null;

  @ApiProperty({ type: String, nullable: true })
  parentRunId: string | null;

  @ApiProperty({ example: 'api', description: 'api, schedule, child, retry, reconciler or internal' })
  triggeredBy: string;

  @ApiProperty()
  attempts: number;

  @ApiProperty()
  maxAttempts: number;

  @ApiProperty({ minimum: 0, maximum: 100 })
  progress: number;

  @ApiProperty({ type: String, nullable: true })
  progressMessage: string | null;

  @ApiProperty({ type: String, nullable: true })
  error: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  endedAt: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Start to end, or to now while running' })
  durationMs: number | null;
}
