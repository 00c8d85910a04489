import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { QUEUES } from '@relais/contracts';
import { DOMAINS } from '@relais/domains';
import { notificationsConfigOf } from '@relais/domains/ops/settings/ops.settings';
import { EngineModule } from '@relais/engine';
import { NotificationsModule } from '@relais/notifications';
import { BullmqRootConnection } from './bullmq-root.connection';
import { DeploymentTriggerProcessor } from './deployment-trigger.processor';
import { ReconcileLoop } from './reconcile.loop';
import { SchedulerStartup } from './scheduler.startup';

/**
 * The scheduler: deployments → BullMQ job schedulers → runs, the run reconciler, and alerting (rule evaluation
 * under a Redis lock, and the delivery dispatcher). Alerting lives here rather than in worker-ops because it must
 * run while flows do not: the scheduler is the one platform process that is always up and never busy with a
 * flow's work, so a wedged or scaled-down ops worker never silences alerts. Safe to run as replicas.
 */
@Module({
  imports: [
    EngineModule.forProducer({ domains: DOMAINS }),
    BullModule.forRootAsync({
      inject: [RELAIS_CONFIG, BullmqRootConnection],
      extraProviders: [BullmqRootConnection],
      useFactory: (config: RelaisConfig, root: BullmqRootConnection) => ({
        connection: root.connection.connection,
        prefix: config.redisPrefix,
      }),
    }),
    // Also what brings in @nestjs/bullmq's explorer, which creates the @Processor's worker.
    BullModule.registerQueue({ name: QUEUES.schedules }),
    NotificationsModule.forRoot({ dispatch: true, evaluate: true }, { configOf: notificationsConfigOf }),
  ],
  providers: [DeploymentTriggerProcessor, ReconcileLoop, SchedulerStartup],
})
export class SchedulerModule {}
