import { ApiProperty } from '@nestjs/swagger';
import type { StepSummary } from '@relais/contracts';

export class StepSummaryResponse implements StepSummary {
  @ApiProperty({ example: 'check-redis#1', description: '`name#n` for the n-th use of a step name in the run' })
  key: string;

  @ApiProperty({ example: 'check-redis' })
  name: string;

  @ApiProperty({ example: 'COMPLETED', description: 'RUNNING, COMPLETED or FAILED' })
  state: string;

  @ApiProperty({ description: 'The run attempt that last ran this step' })
  attempt: number;

  @ApiProperty({ type: String, nullable: true })
  error: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  endedAt: string | null;

  @ApiProperty({ type: Number, nullable: true })
  durationMs: number | null;
}
