import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { QUEUES } from '@relais/contracts';
import { DOMAINS } from '@relais/domains';
import { EngineModule } from '@relais/engine';
import { DeploymentTriggerProcessor } from './deployment-trigger.processor';
import { ReconcileLoop } from './reconcile.loop';
import { SchedulerStartup } from './scheduler.startup';

/** The scheduler: deployments → BullMQ job schedulers → runs, plus the run reconciler. Safe to run as replicas. */
@Module({
  imports: [
    EngineModule.forProducer({ domains: DOMAINS }),
    BullModule.forRootAsync({
      inject: [RELAIS_CONFIG],
      useFactory: (config: RelaisConfig) => ({
        connection: { url: config.redisUrl, maxRetriesPerRequest: null },
        prefix: config.redisPrefix,
      }),
    }),
    // Also what brings in @nestjs/bullmq's explorer, which creates the @Processor's worker.
    BullModule.registerQueue({ name: QUEUES.schedules }),
  ],
  providers: [DeploymentTriggerProcessor, ReconcileLoop, SchedulerStartup],
})
export class SchedulerModule {}
