import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';
import { RunState } from '@relais/contracts';
import { decodeRunCursor } from './run-cursor';

export const MAX_RUN_PAGE = 500;
const RUN_STATES = Object.values(RunState);

/** `?state=failed,CRASHED` and `?state=FAILED&state=CRASHED` both become ['FAILED', 'CRASHED']. */
function stateList({ value }: { value: unknown }): unknown {
  const parts: unknown[] = Array.isArray(value) ? value : [value];
  if (!parts.every((part): part is string => typeof part === 'string')) return value;
  return parts
    .flatMap((part) => part.split(','))
    .map((state) => state.trim().toUpperCase())
    .filter((state) => state !== '');
}

const IsRunCursor = () =>
  ValidateBy({
    name: 'isRunCursor',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && decodeRunCursor(value) !== null,
      defaultMessage: () => 'cursor must be a nextCursor returned by GET /api/runs',
    },
  });

/** Which runs: the filters of `GET /api/runs`, and of the bulk actions that act on every run they match. */
export class RunFilterQuery {
  @ApiPropertyOptional({
    description: `Run states, comma-separated (case-insensitive): ${RUN_STATES.join(', ')}`,
    example: 'FAILED,CRASHED',
    type: String,
  })
  @IsOptional()
  @Transform(stateList)
  @IsIn(RUN_STATES, { each: true, message: `state must be among ${RUN_STATES.join(', ')} (comma-separated)` })
  @ArrayMaxSize(RUN_STATES.length)
  state?: RunState[];

  @ApiPropertyOptional({ description: 'Flow name', example: 'ops.health-check' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  flow?: string;

  @ApiPropertyOptional({ description: 'Deployment name', example: 'hourly-health-check' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  deployment?: string;

  @ApiPropertyOptional({ description: 'Parent run id: the children of a batch' })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  parent?: string;

  @ApiPropertyOptional({ description: 'Created at or after (ISO-8601)', example: '2025-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Created before (ISO-8601, exclusive)', example: '2025-02-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date or date-time' })
  to?: string;

  @ApiPropertyOptional({
    description:
      "Text the run's parameters contain (their JSON, case-insensitive for ASCII): a scan of the runs the other " +
      'filters leave, so combine it with a time range on a long history',
    example: 'Q296',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

/** Query of `GET /api/runs`: filters, newest first, keyset pagination. */
export class ListRunsQuery extends RunFilterQuery {
  @ApiPropertyOptional({ description: 'Page size', default: 50, minimum: 1, maximum: MAX_RUN_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_RUN_PAGE)
  limit: number = 50;

  @ApiPropertyOptional({ description: "The previous page's nextCursor" })
  @IsOptional()
  @IsString()
  @IsRunCursor()
  cursor?: string;
}
