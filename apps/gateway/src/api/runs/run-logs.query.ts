import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** A run detail reads a 5 000-line log in two requests (its first 1 000 lines, then the rest): a line is ~100 bytes. */
const MAX_LOG_PAGE = 5000;

/** Query of `GET /api/runs/{id}/logs`. */
export class RunLogsQuery {
  @ApiPropertyOptional({ description: 'Lines after this line id (the previous page’s nextAfter)', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after: number = 0;

  @ApiPropertyOptional({ description: 'Lines per page', default: 500, minimum: 1, maximum: MAX_LOG_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LOG_PAGE)
  limit: number = 500;
}
