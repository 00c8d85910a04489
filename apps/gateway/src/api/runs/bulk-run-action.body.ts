import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';

export const BULK_RUN_ACTIONS = ['cancel', 'retry'] as const;
export type BulkRunAction = (typeof BULK_RUN_ACTIONS)[number];

/** Body of `POST /api/runs/bulk-actions`; the runs are chosen by the query, the filters of `GET /api/runs`. */
export class BulkRunActionBody {
  @ApiProperty({ enum: BULK_RUN_ACTIONS, description: 'cancel the active runs, or retry the ended ones' })
  @IsIn(BULK_RUN_ACTIONS, { message: 'action must be cancel or retry' })
  action: BulkRunAction;

  @ApiPropertyOptional({
    description: 'Only count the runs the action would touch (for a confirmation)',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  dryRun: boolean = false;
}
