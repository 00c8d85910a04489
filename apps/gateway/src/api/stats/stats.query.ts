import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';

/** Query of `GET /api/stats`: a window given by its bounds, or by its length back from `to` (default 24h). */
export class StatsQuery {
  @ApiPropertyOptional({ description: 'Runs created at or after (ISO-8601); default: `to` minus `window`' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Runs created before (ISO-8601); default: now' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date or date-time' })
  to?: string;

  @ApiPropertyOptional({ description: 'Window length ending at `to`: minutes, hours or days', example: '7d' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,5}[mhd]$/, { message: 'window must be a number of minutes, hours or days such as 90m, 24h, 7d' })
  window?: string;
}
