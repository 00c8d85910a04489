import { Module } from '@nestjs/common';
import { QUEUES } from '@relais/contracts';
import { EngineModule } from '@relais/engine';
import { HealthCheckFlow } from './health/health-check.flow';

/** Runs the `ops` queue: monitoring, maintenance and analytics flows. */
@Module({
  imports: [EngineModule.forWorker({ queue: QUEUES.ops, flows: [HealthCheckFlow] })],
})
export class WorkerOpsModule {}
