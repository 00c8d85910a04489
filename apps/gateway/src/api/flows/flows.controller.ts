import { Body, Controller, Get, HttpStatus, Param, Post, Res, UsePipes } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import type { FlowSummary, RunSummary } from '@relais/contracts';
import { RunLauncher } from '@relais/engine';
import { RequiresRole } from '../../auth/access.decorators';
import { ApiValidationPipe } from '../errors/api-validation.pipe';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { ApiErrorResponse } from '../openapi/api-error.response';
import { FlowSummaryResponse } from '../openapi/flow-summary.response';
import { RunSummaryResponse } from '../openapi/run-summary.response';
import { runSummaryOf } from '../runs/run.views';
import { FlowDescriptions } from './flow-descriptions';
import { StartRunBody } from './start-run.body';

/** The flows this gateway knows, and starting a run of one. The gateway only enqueues: a worker runs it. */
@ApiTags('flows')
@ApiBearerAuth()
@UsePipes(ApiValidationPipe)
@Controller('api/flows')
export class FlowsController {
  constructor(
    private readonly flows: FlowDescriptions,
    private readonly launcher: RunLauncher,
    private readonly metrics: GatewayMetrics,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every flow, with the JSON Schema of its parameters' })
  @ApiOkResponse({ type: [FlowSummaryResponse] })
  list(): FlowSummary[] {
    return this.flows.all();
  }

  @Get(':name')
  @ApiOperation({ summary: 'One flow' })
  @ApiParam({ name: 'name', example: 'ops.health-check' })
  @ApiOkResponse({ type: FlowSummaryResponse })
  @ApiNotFoundResponse({ type: ApiErrorResponse, description: 'Unknown flow' })
  get(@Param('name') name: string): FlowSummary {
    return this.flows.get(name);
  }

  @Post(':name/runs')
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Start a run (validated, recorded, enqueued)' })
  @ApiParam({ name: 'name', example: 'ops.health-check' })
  @ApiCreatedResponse({ type: RunSummaryResponse, description: 'Run accepted (PENDING)' })
  @ApiOkResponse({ type: RunSummaryResponse, description: 'The idempotency key matched: the run it started' })
  @ApiAcceptedResponse({
    type: RunSummaryResponse,
    description: 'Run recorded but not queued yet (Redis away): the reconciler queues it',
  })
  @ApiBadRequestResponse({ type: ApiErrorResponse, description: '`fields` names each bad parameter' })
  @ApiNotFoundResponse({ type: ApiErrorResponse, description: 'Unknown flow' })
  @ApiPayloadTooLargeResponse({ type: ApiErrorResponse, description: 'Body over BODY_LIMIT_KB' })
  async start(
    @Param('name') name: string,
    @Body() body: StartRunBody,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<RunSummary> {
    const { run, created, queued } = await this.launcher.launch(name, body.parameters ?? {}, {
      triggeredBy: 'api',
      // Scoped to the flow and kept apart from the keys the scheduler and parent runs use.
      idempotencyKey: body.idempotencyKey === undefined ? undefined : `api:${name}:${body.idempotencyKey}`,
    });
    if (created) this.metrics.recordRunStarted(run.flowName, 'flow');
    // Recorded but not queued (Redis away): accepted, the reconciler enqueues it; a retry must not start another.
    if (!queued) response.statusCode = HttpStatus.ACCEPTED;
    else response.statusCode = created ? HttpStatus.CREATED : HttpStatus.OK;
    return runSummaryOf(run);
  }
}
