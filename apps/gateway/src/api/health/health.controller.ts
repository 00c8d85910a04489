import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import type { HealthIndicatorState, HealthReport } from '@relais/contracts';
import { Public } from '../../auth/access.decorators';
import { HealthReportResponse } from '../openapi/health-report.response';
import { DatabaseHealthIndicator } from './database.health-indicator';
import { RedisHealthIndicator } from './redis.health-indicator';

/**
 * Readiness of the gateway: Redis and the database, through @nestjs/terminus. Public, for load balancers and
 * Kubernetes probes, which read the status code: 503 when a dependency is down (same body).
 */
@ApiTags('health')
@Public()
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly redis: RedisHealthIndicator,
    private readonly database: DatabaseHealthIndicator,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Redis and database reachability (no token needed)' })
  @ApiOkResponse({ type: HealthReportResponse })
  @ApiServiceUnavailableResponse({ type: HealthReportResponse, description: 'A dependency is down' })
  async check(): Promise<HealthReport> {
    let result: HealthCheckResult;
    try {
      result = await this.health.check([
        () => this.redis.pingCheck('redis'),
        () => this.database.pingCheck('database'),
      ]);
    } catch (error) {
      // terminus reports a failed check as a 503 carrying the result; re-shaped below like a passing one.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      result = error.getResponse() as HealthCheckResult;
    }
    const report = reportOf(result);
    if (report.status === 'error') throw new ServiceUnavailableException(report);
    return report;
  }
}

/** terminus' result with the flat booleans of the first health route (`redis`, `database`) kept. */
function reportOf(result: HealthCheckResult): HealthReport {
  const details: Record<string, HealthIndicatorState> = {};
  for (const [key, detail] of Object.entries(result.details)) {
    const state: HealthIndicatorState = { status: detail.status === 'up' ? 'up' : 'down' };
    if (typeof detail.message === 'string') state.message = detail.message;
    details[key] = state;
  }
  const verdicts: Partial<Record<string, HealthIndicatorState>> = details;
  const redis = verdicts.redis?.status === 'up';
  const database = verdicts.database?.status === 'up';
  return { status: redis && database ? 'ok' : 'error', redis, database, details };
}
