import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** The most runs one bulk action touches, by filter or by id: past it the filter must be narrowed. */
export const MAX_BULK_RUNS = 1000;

export const BULK_RUN_ACTIONS = ['cancel', 'retry'] as const;
export type BulkRunAction = (typeof BULK_RUN_ACTIONS)[number];

/**
 * Body of `POST /api/runs/bulk-actions`; the runs are chosen by the query (the filters of `GET /api/runs`) or,
 * for rows picked by hand, by `runIds`.
 */
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

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_BULK_RUNS,
    description: `The runs to act on (at most ${MAX_BULK_RUNS}), instead of the query's filters`,
  })
  @IsOptional()
  @IsArray({ message: 'runIds must be a list of run ids' })
  @ArrayMinSize(1, { message: 'runIds must hold at least one run id' })
  @ArrayMaxSize(MAX_BULK_RUNS, { message: `runIds must hold at most ${MAX_BULK_RUNS} run ids` })
  @IsString({ each: true, message: 'runIds must hold run ids (text)' })
  @MaxLength(100, { each: true, message: 'runIds must hold run ids of at most 100 characters' })
  runIds?: string[];
}
