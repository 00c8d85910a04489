import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { isTerminal } from '@relais/contracts';
import { AUTO_PUBLISH_MODES, PROCESS_ARTIST_FLOW, PROCESS_BATCH_FLOW, SCRUTART_LANGUAGES } from '../contracts';
import { InvalidParamsError, RunLauncher } from '@relais/engine';
import { FlowRunRepository } from '@relais/persistence';
import {
  SeedCancelResponseDoc,
  SeedErrorResponse,
  SeedLaunchResponseDoc,
  SeedRunListItemDoc,
  SeedRunStatusDoc,
} from './seed-api.openapi';
import { SeedErrorFilter } from './seed-error.filter';
import { inSeedFieldNames, processArtistParams, processBatchParams } from './seed-launch-params';
import { SeedRequestError } from './seed-request.error';
import { seedRunListItem, seedRunStatus, type SeedRunListItem, type SeedRunStatus } from './seed-run.view';
import { SeedRunsRepository } from './seed-runs.repository';

/** What the seed answered when it accepted a run. */
export interface SeedLaunchResponse {
  success: true;
  flow_run_id: string;
  message: string;
}

export interface SeedCancelResponse {
  success: true;
  message: string;
  /** `cancelled` when the run had not started, `cancelling` while its worker stops it. */
  state: string;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACTIVE_LIMIT = 500;
const HISTORY_DEFAULT_LIMIT = 50;
const HISTORY_MAX_LIMIT = 500;

/**
 * The seed's flow routes (`scrutart_web_server.py`), same paths and JSON shapes, over Relais runs. Its errors
 * are `{error}` (SeedErrorFilter). `flows/active` and `flows/history` are literal paths that the generic
 * `GET /api/flows/{name}` would also match: ScrutartApiModule is imported before ApiModule so these win.
 */
@ApiTags('Scrutart (seed-compatible)')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: SeedErrorResponse, description: 'Bad input: `error` says which field' })
@UseFilters(SeedErrorFilter)
@Controller('flows')
export class SeedFlowsController {
  constructor(
    private readonly launcher: RunLauncher,
    private readonly runs: FlowRunRepository,
    private readonly seedRuns: SeedRunsRepository,
  ) {}

  @Post('process-artist')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start scrutart.process-artist for one QID (seed: process_single_artist)' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['qid'],
      properties: {
        qid: { type: 'string', example: 'Q296' },
        languages: { type: 'array', items: { type: 'string', enum: [...SCRUTART_LANGUAGES] }, default: ['fr'] },
        auto_publish: { type: 'string', enum: [...AUTO_PUBLISH_MODES], default: 'draft' },
      },
    },
  })
  @ApiOkResponse({ type: SeedLaunchResponseDoc })
  async processArtist(@Body() body: unknown): Promise<SeedLaunchResponse> {
    const params = processArtistParams(body);
    const { run } = await this.launcher.launch(PROCESS_ARTIST_FLOW.name, params, { triggeredBy: 'api' });
    return { success: true, flow_run_id: run.id, message: `Processing started for ${String(params.qid)}` };
  }

  @Post('process-batch')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start scrutart.process-batch, one child run per QID (seed: process_artist_batch)' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['qids'],
      properties: {
        qids: { type: 'array', items: { type: 'string' }, example: ['Q296', 'Q5582'] },
        batch_name: {
          type: 'string',
          nullable: true,
          description: 'Default (also for "" and null): "Batch YYYYMMDD_HHMMSS"',
        },
        batch_size: { type: 'integer', default: 10, description: 'Artists processed at once (= concurrency)' },
        languages: { type: 'array', items: { type: 'string', enum: [...SCRUTART_LANGUAGES] }, default: ['fr'] },
        auto_publish: { type: 'string', enum: [...AUTO_PUBLISH_MODES], default: 'draft' },
      },
    },
  })
  @ApiOkResponse({ type: SeedLaunchResponseDoc })
  async processBatch(@Body() body: unknown): Promise<SeedLaunchResponse> {
    const params = processBatchParams(body);
    const { run } = await this.launcher
      .launch(PROCESS_BATCH_FLOW.name, params, { triggeredBy: 'api' })
      .catch((error: unknown) => {
        throw error instanceof InvalidParamsError ? inSeedFieldNames(error, body) : error;
      });
    const count = (params.qids as string[]).length;
    return { success: true, flow_run_id: run.id, message: `Batch processing started for ${count} artists` };
  }

  @Get('active')
  @ApiOperation({ summary: 'Scrutart runs (single and batch) that have not ended, newest first' })
  @ApiOkResponse({ type: [SeedRunListItemDoc] })
  async active(): Promise<SeedRunListItem[]> {
    return (await this.seedRuns.active(ACTIVE_LIMIT)).map((run) => seedRunListItem(run, false));
  }

  @Get('history')
  @ApiOperation({ summary: 'The most recently updated Scrutart runs (single and batch), with their results' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', default: 50, maximum: 500 } })
  @ApiOkResponse({ type: [SeedRunListItemDoc] })
  async history(@Query('limit') limit?: string): Promise<SeedRunListItem[]> {
    return (await this.seedRuns.history(historyLimit(limit))).map((run) => seedRunListItem(run, true));
  }

  @Get(':id/status')
  @ApiOperation({ summary: 'State of any run (seed: get_flow_status)' })
  @ApiParam({ name: 'id', description: 'Run id (UUID)' })
  @ApiOkResponse({ type: SeedRunStatusDoc })
  @ApiNotFoundResponse({ type: SeedErrorResponse, description: 'Unknown run' })
  async status(@Param('id') id: string): Promise<SeedRunStatus> {
    const run = await this.runs.findById(requireRunId(id));
    if (!run) throw new SeedRequestError(404, `Flow run ${id} not found`);
    return seedRunStatus(run);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a run; a batch cancels its unfinished children (seed: cancel_flow)' })
  @ApiParam({ name: 'id', description: 'Run id (UUID)' })
  @ApiOkResponse({ type: SeedCancelResponseDoc })
  @ApiNotFoundResponse({ type: SeedErrorResponse, description: 'Unknown run' })
  @ApiConflictResponse({ type: SeedErrorResponse, description: 'The run has already ended' })
  async cancel(@Param('id') id: string): Promise<SeedCancelResponse> {
    const state = await this.launcher.cancel(requireRunId(id));
    const message = isTerminal(state) ? 'Flow run cancelled' : 'Cancellation requested; the worker is stopping the run';
    return { success: true, message, state: state.toLowerCase() };
  }
}

function requireRunId(id: string): string {
  if (!UUID_PATTERN.test(id)) throw new SeedRequestError(400, `id must be a flow run id (a UUID), got "${id}"`);
  return id;
}

function historyLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return HISTORY_DEFAULT_LIMIT;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > HISTORY_MAX_LIMIT) {
    throw new SeedRequestError(400, `limit must be an integer from 1 to ${HISTORY_MAX_LIMIT} (got "${raw}")`);
  }
  return limit;
}
