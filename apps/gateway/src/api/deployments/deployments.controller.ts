import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Res, UsePipes } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import type { DeploymentSummary, RunSummary } from '@relais/contracts';
import { DeploymentService } from '@relais/engine';
import { RequiresRole } from '../../auth/access.decorators';
import { ApiValidationPipe } from '../errors/api-validation.pipe';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { ApiErrorResponse } from '../openapi/api-error.response';
import { DeploymentSummaryResponse } from '../openapi/deployment-summary.response';
import { RunSummaryResponse } from '../openapi/run-summary.response';
import { runSummaryOf } from '../runs/run.views';
import { deploymentSummaryOf } from './deployment.view';
import { RunDeploymentBody } from './run-deployment.body';

/** Deployments as the scheduler synced them into the database; pausing and resuming update their job schedulers. */
@ApiTags('deployments')
@ApiBearerAuth()
@UsePipes(ApiValidationPipe)
@Controller('api/deployments')
export class DeploymentsController {
  constructor(
    private readonly deployments: DeploymentService,
    private readonly metrics: GatewayMetrics,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every deployment, by name' })
  @ApiOkResponse({ type: [DeploymentSummaryResponse] })
  async list(): Promise<DeploymentSummary[]> {
    return (await this.deployments.list()).map(deploymentSummaryOf);
  }

  @Post('pause-all')
  @HttpCode(HttpStatus.OK)
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Pause every deployment of the catalogue' })
  @ApiOkResponse({ type: [DeploymentSummaryResponse] })
  async pauseAll(): Promise<DeploymentSummary[]> {
    return (await this.deployments.pauseAll()).map(deploymentSummaryOf);
  }

  @Post('resume-all')
  @HttpCode(HttpStatus.OK)
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Resume every deployment of the catalogue' })
  @ApiOkResponse({ type: [DeploymentSummaryResponse] })
  async resumeAll(): Promise<DeploymentSummary[]> {
    return (await this.deployments.resumeAll()).map(deploymentSummaryOf);
  }

  @Get(':name')
  @ApiOperation({ summary: 'One deployment' })
  @ApiOkResponse({ type: DeploymentSummaryResponse })
  @ApiNotFoundResponse({ type: ApiErrorResponse })
  async get(@Param('name') name: string): Promise<DeploymentSummary> {
    return deploymentSummaryOf(await this.deployments.get(name));
  }

  @Post(':name/run')
  @RequiresRole('operator')
  @ApiOperation({ summary: "Run now, with overrides merged over the deployment's parameters" })
  @ApiCreatedResponse({ type: RunSummaryResponse })
  @ApiAcceptedResponse({
    type: RunSummaryResponse,
    description: 'Run recorded but not queued yet (Redis away): the reconciler queues it',
  })
  @ApiBadRequestResponse({ type: ApiErrorResponse, description: '`fields` names each bad parameter' })
  @ApiNotFoundResponse({ type: ApiErrorResponse })
  async run(
    @Param('name') name: string,
    @Body() body: RunDeploymentBody,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<RunSummary> {
    const { run, queued } = await this.deployments.runNow(name, body.parameters ?? {});
    this.metrics.recordRunStarted(run.flowName, 'deployment');
    // Recorded but not queued (Redis away): accepted, the reconciler enqueues it.
    if (!queued) response.statusCode = HttpStatus.ACCEPTED;
    return runSummaryOf(run);
  }

  @Post(':name/pause')
  @HttpCode(HttpStatus.OK)
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Stop the schedule (runs already started go on)' })
  @ApiOkResponse({ type: DeploymentSummaryResponse })
  @ApiNotFoundResponse({ type: ApiErrorResponse })
  async pause(@Param('name') name: string): Promise<DeploymentSummary> {
    return deploymentSummaryOf(await this.deployments.pause(name));
  }

  @Post(':name/resume')
  @HttpCode(HttpStatus.OK)
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Restart the schedule (an interval schedule fires at once)' })
  @ApiOkResponse({ type: DeploymentSummaryResponse })
  @ApiNotFoundResponse({ type: ApiErrorResponse })
  async resume(@Param('name') name: string): Promise<DeploymentSummary> {
    return deploymentSummaryOf(await this.deployments.resume(name));
  }
}
