import { ApiProperty } from '@nestjs/swagger';
import type { FlowStats, RunState, RunStats } from '@relais/contracts';

const BY_STATE = {
  type: 'object',
  additionalProperties: { type: 'integer' },
  example: { COMPLETED: 40, FAILED: 2 },
} as const;

class FlowStatsResponse implements FlowStats {
  @ApiProperty()
  flowName: string;

  @ApiProperty()
  total: number;

  @ApiProperty(BY_STATE)
  byState: Partial<Record<RunState, number>>;

  @ApiProperty({ type: Number, nullable: true, description: 'Completed ÷ (completed + failed + crashed)' })
  successRate: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Mean duration of completed runs' })
  meanDurationMs: number | null;

  @ApiProperty({ type: Number, nullable: true, description: '95th percentile (nearest rank) of completed runs' })
  p95DurationMs: number | null;
}

export class RunStatsResponse implements RunStats {
  @ApiProperty({ format: 'date-time', description: 'Runs created at or after' })
  from: string;

  @ApiProperty({ format: 'date-time', description: 'Runs created before' })
  to: string;

  @ApiProperty()
  total: number;

  @ApiProperty(BY_STATE)
  byState: Partial<Record<RunState, number>>;

  @ApiProperty({ type: Number, nullable: true })
  successRate: number | null;

  @ApiProperty({ type: Number, nullable: true })
  meanDurationMs: number | null;

  @ApiProperty({ type: Number, nullable: true })
  p95DurationMs: number | null;

  @ApiProperty({ type: [FlowStatsResponse] })
  flows: FlowStatsResponse[];
}
