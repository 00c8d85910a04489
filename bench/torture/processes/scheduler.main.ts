/*
 * A scheduler replica as its own process: the scheduler app's parts (trigger processor, reconcile loop,
 * start-up), composed as apps/scheduler/src/scheduler.module.ts composes them, on the torture domain.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { QUEUES } from '@relais/contracts';
import { EngineModule, startAppContext } from '@relais/engine';
import { DeploymentTriggerProcessor } from '../../../apps/scheduler/src/deployment-trigger.processor';
import { ReconcileLoop } from '../../../apps/scheduler/src/reconcile.loop';
import { SchedulerStartup } from '../../../apps/scheduler/src/scheduler.startup';
import { tortureDomain } from '../torture-flow';
import { followParent, sayReady } from './process-life';

const DOMAINS = [tortureDomain()];

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
    BullModule.registerQueue({ name: QUEUES.schedules }),
  ],
  providers: [DeploymentTriggerProcessor, ReconcileLoop, SchedulerStartup],
})
class TortureSchedulerModule {}

followParent();
void startAppContext('torture-scheduler', TortureSchedulerModule, DOMAINS).then((app) => {
  if (app) sayReady();
});
