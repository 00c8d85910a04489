import { Module } from '@nestjs/common';
import { DOMAINS } from '@relais/domains';
import { OPS_QUEUE } from '@relais/domains/ops/contracts';
import { EngineModule } from '@relais/engine';
import { DatabaseProbe } from './health/database-probe';
import { HealthCheckFlow } from './health/health-check.flow';

/** Runs the `ops` queue: monitoring, maintenance and analytics flows. */
@Module({
  imports: [
    EngineModule.forWorker({
      domains: DOMAINS,
      queue: OPS_QUEUE,
      flows: [HealthCheckFlow],
      providers: [DatabaseProbe],
    }),
  ],
})
export class WorkerOpsModule {}
