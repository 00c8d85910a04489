import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { DeploymentsController } from './deployments/deployments.controller';
import { ApiExceptionFilter } from './errors/api-exception.filter';
import { FlowDescriptions } from './flows/flow-descriptions';
import { FlowsController } from './flows/flows.controller';
import { DatabaseHealthIndicator } from './health/database.health-indicator';
import { HealthController } from './health/health.controller';
import { RedisHealthIndicator } from './health/redis.health-indicator';
import { GatewayMetrics } from './metrics/gateway-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { ReportsController } from './reports/reports.controller';
import { RunReader } from './runs/run-reader.service';
import { RunBulkActions } from './runs/run-bulk-actions.service';
import { RunsController } from './runs/runs.controller';
import { RunStatsService } from './stats/run-stats.service';
import { StatsController } from './stats/stats.controller';

/**
 * The generic REST API: flows, runs, logs, deployments, stats, reports, health and Prometheus
 * metrics. It reads the database and enqueues through the engine's launcher; it never runs a flow. Its
 * exception filter is global, so every route of the gateway answers errors in the ApiError shape.
 */
@Module({
  imports: [TerminusModule],
  controllers: [
    FlowsController,
    RunsController,
    DeploymentsController,
    StatsController,
    ReportsController,
    HealthController,
    MetricsController,
  ],
  providers: [
    FlowDescriptions,
    RunReader,
    RunBulkActions,
    RunStatsService,
    GatewayMetrics,
    RedisHealthIndicator,
    DatabaseHealthIndicator,
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
  ],
})
export class ApiModule {}
