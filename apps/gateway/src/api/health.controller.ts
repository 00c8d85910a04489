import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS_CLIENT } from '@relais/engine';

/** Liveness of the gateway and its two dependencies. The full API arrives with the gateway issue. */
@Controller('api/health')
export class HealthController {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  async check(): Promise<{ status: 'ok' | 'error'; redis: boolean; database: boolean }> {
    const [redis, database] = await Promise.all([
      this.redis.ping().then(
        () => true,
        () => false,
      ),
      this.dataSource.query('SELECT 1').then(
        () => true,
        () => false,
      ),
    ]);
    const report = { status: redis && database ? ('ok' as const) : ('error' as const), redis, database };
    // A 503 lets load balancers and Kubernetes probes see the failure without parsing the body.
    if (report.status === 'error') throw new ServiceUnavailableException(report);
    return report;
  }
}
