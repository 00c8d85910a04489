import { ApiProperty } from '@nestjs/swagger';
import type { Page, RunSummary } from '@relais/contracts';
import { RunSummaryResponse } from './run-summary.response';

export class RunPageResponse implements Page<RunSummary> {
  @ApiProperty({ type: [RunSummaryResponse], description: 'Newest first' })
  items: RunSummaryResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor: string | null;
}
