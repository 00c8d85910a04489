import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, UsePipes } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { LogPage, Page, RunDetail, RunSummary } from '@relais/contracts';
import { RunLauncher } from '@relais/engine';
import { RequiresRole } from '../../auth/access.decorators';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import type { Principal } from '../../auth/principal';
import { ApiValidationPipe } from '../errors/api-validation.pipe';
import { invalidRequest } from '../errors/invalid-request';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { ApiErrorResponse } from '../openapi/api-error.response';
import { BulkRunActionResponse } from '../openapi/bulk-run-action.response';
import { LogPageResponse } from '../openapi/log-page.response';
import { RunDetailResponse } from '../openapi/run-detail.response';
import { RunPageResponse } from '../openapi/run-page.response';
import { RunSummaryResponse } from '../openapi/run-summary.response';
import { BulkRunActionBody } from './bulk-run-action.body';
import { ListRunsQuery, RunFilterQuery } from './list-runs.query';
import { MAX_BULK_RUNS, RunBulkActions } from './run-bulk-actions.service';
import { RunLogsQuery } from './run-logs.query';
import { RunReader } from './run-reader.service';
import { runSummaryOf } from './run.views';

@ApiTags('runs')
@ApiBearerAuth()
@UsePipes(ApiValidationPipe)
@Controller('api/runs')
export class RunsController {
  constructor(
    private readonly reader: RunReader,
    private readonly launcher: RunLauncher,
    private readonly metrics: GatewayMetrics,
    private readonly bulkActions: RunBulkActions,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Runs, newest first, filtered, one page at a time (keyset cursor)' })
  @ApiOkResponse({ type: RunPageResponse })
  @ApiBadRequestResponse({ type: ApiErrorResponse, description: '`fields` names each bad query parameter' })
  list(@Query() query: ListRunsQuery): Promise<Page<RunSummary>> {
    return this.reader.list(query);
  }

  @Post('bulk-actions')
  @HttpCode(HttpStatus.OK)
  @RequiresRole('operator')
  @ApiOperation({
    summary: `Cancel or retry every run the query's filters match (those of GET /api/runs), or the runs named by \`runIds\`, at most ${MAX_BULK_RUNS}`,
    description:
      'Only runs in a state the action applies to count: active ones for cancel, FAILED, CANCELLED or CRASHED ones ' +
      'for retry. `dryRun` counts them without acting, for a confirmation. Past the bound, a dry run answers the ' +
      'count and the action is refused with a 400 naming `filter`. With `runIds` (at most ' +
      `${MAX_BULK_RUNS}, else a 400 naming \`runIds\`) the query must carry no filter; unknown runs and runs in ` +
      'another state are listed among the refusals.',
  })
  @ApiOkResponse({ type: BulkRunActionResponse })
  @ApiBadRequestResponse({ type: ApiErrorResponse, description: '`fields` names each bad parameter, or `filter`' })
  bulk(
    @Query() filter: RunFilterQuery,
    @Body() body: BulkRunActionBody,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<BulkRunActionResponse> {
    if (body.runIds === undefined) return this.bulkActions.apply(body.action, { filter }, body.dryRun, principal);
    if (Object.values(filter).some((value) => value !== undefined)) {
      throw invalidRequest({ runIds: ['give either runIds or the query filters, not both'] });
    }
    return this.bulkActions.apply(body.action, { runIds: body.runIds }, body.dryRun, principal);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One run with its parameters, result, steps, children and reports' })
  @ApiOkResponse({ type: RunDetailResponse })
  @ApiNotFoundResponse({ type: ApiErrorResponse })
  detail(@Param('id') id: string): Promise<RunDetail> {
    return this.reader.detail(id);
  }

  @Get(':id/logs')
  @ApiOperation({ summary: "A page of the run's log, oldest first; poll with `after` until `complete`" })
  @ApiOkResponse({ type: LogPageResponse })
  @ApiBadRequestResponse({ type: ApiErrorResponse })
  @ApiNotFoundResponse({ type: ApiErrorResponse })
  logs(@Param('id') id: string, @Query() query: RunLogsQuery): Promise<LogPage> {
    return this.reader.logPage(id, query.after, query.limit);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @RequiresRole('operator')
  @ApiOperation({
    summary: 'Cancel: a queued run is CANCELLED at once, a running one CANCELLING until its worker stops',
  })
  @ApiOkResponse({ type: RunSummaryResponse })
  @ApiNotFoundResponse({ type: ApiErrorResponse })
  @ApiConflictResponse({ type: ApiErrorResponse, description: 'The run has already ended' })
  async cancel(@Param('id') id: string): Promise<RunSummary> {
    await this.launcher.cancel(id);
    return runSummaryOf(await this.reader.get(id));
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.OK)
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Run a FAILED, CANCELLED or CRASHED run again; completed steps are not repeated' })
  @ApiOkResponse({ type: RunSummaryResponse, description: 'The run, PENDING again' })
  @ApiNotFoundResponse({ type: ApiErrorResponse })
  @ApiConflictResponse({ type: ApiErrorResponse, description: 'The run is not FAILED, CANCELLED or CRASHED' })
  async retry(@Param('id') id: string): Promise<RunSummary> {
    const run = await this.launcher.retry(id);
    this.metrics.recordRunStarted(run.flowName, 'retry');
    return runSummaryOf(run);
  }
}
