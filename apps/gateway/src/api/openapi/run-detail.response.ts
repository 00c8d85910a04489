import { ApiProperty } from '@nestjs/swagger';
import type { RunDetail } from '@relais/contracts';
import { ArtifactSummaryResponse } from './artifact-summary.response';
import { RunSummaryResponse } from './run-summary.response';
import { StepSummaryResponse } from './step-summary.response';

export class RunDetailResponse extends RunSummaryResponse implements RunDetail {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Validated, defaults filled in' })
  parameters: Record<string, unknown>;

  @ApiProperty({ description: "The flow's result once completed (any JSON)", nullable: true })
  result: unknown;

  @ApiProperty({ type: [StepSummaryResponse] })
  steps: StepSummaryResponse[];

  @ApiProperty({ type: [RunSummaryResponse], description: 'Child runs, oldest first' })
  children: RunSummaryResponse[];

  @ApiProperty({ type: [ArtifactSummaryResponse], description: 'Reports the run produced' })
  artifacts: ArtifactSummaryResponse[];
}
