import { Controller, Get, Query, UsePipes } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RunStats } from '@relais/contracts';
import { ApiValidationPipe } from '../errors/api-validation.pipe';
import { ApiErrorResponse } from '../openapi/api-error.response';
import { RunStatsResponse } from '../openapi/run-stats.response';
import { RunStatsService } from './run-stats.service';
import { statsWindowOf } from './stats-window';
import { StatsQuery } from './stats.query';

@ApiTags('stats')
@ApiBearerAuth()
@UsePipes(ApiValidationPipe)
@Controller('api/stats')
export class StatsController {
  constructor(private readonly stats: RunStatsService) {}

  @Get()
  @ApiOperation({ summary: 'Runs created in a window (default: the last 24 h): states, success rate, durations' })
  @ApiOkResponse({ type: RunStatsResponse })
  @ApiBadRequestResponse({ type: ApiErrorResponse })
  get(@Query() query: StatsQuery): Promise<RunStats> {
    return this.stats.stats(statsWindowOf(query));
  }
}
