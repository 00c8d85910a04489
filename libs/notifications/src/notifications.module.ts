import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { RedisLock, SecretRedactor } from '@relais/engine';
import type { NotificationChannel } from './channels/notification-channel';
import { createNotificationChannels } from './channels/notification-channels.factory';
import { loadNotificationsConfig } from './config/load-notifications-config';
import type { NotificationsConfig } from './config/notifications-config';
import { DeliveryDispatcher } from './delivery/delivery.dispatcher';
import { NotificationPublisher } from './delivery/notification.publisher';
import { NotificationsLifecycle, type NotificationsRoles } from './notifications.lifecycle';
import { NOTIFICATION_CHANNELS, NOTIFICATIONS_CONFIG } from './notifications.tokens';
import { AlertSourceReader } from './persistence/alert-source.reader';
import { AlertStateStore } from './persistence/alert-state.store';
import { DeliveryRepository } from './persistence/delivery.repository';
import { NotificationRepository } from './persistence/notification.repository';
import { RuleRepository } from './persistence/rule.repository';
import { AlertEvaluationLoop } from './rules/alert-evaluation.loop';
import { AlertEvaluator } from './rules/alert-evaluator';
import { RuleService } from './rules/rule.service';

const ROLES = Symbol('NOTIFICATIONS_ROLES');

/** Where a process's notifications configuration comes from. */
export interface NotificationsModuleOptions {
  /**
   * The configuration, from the platform's (the ops domain validates the variables with the others at start and
   * hands them over here). Default: read and validated from process.env by this module.
   */
  configOf?: (relais: RelaisConfig) => NotificationsConfig;
}

/**
 * Notifications for a process that already has the engine's producer providers (config, database, Redis lock):
 * `forRoot({ dispatch: true, evaluate: true })` in the scheduler, `forRoot({ dispatch: false, evaluate: false })`
 * in the gateway (it stores notifications, e.g. a test one, and lists the log and rules; the scheduler sends).
 */
@Module({})
export class NotificationsModule {
  static forRoot(roles: NotificationsRoles, options: NotificationsModuleOptions = {}): DynamicModule {
    const providers: Provider[] = [
      { provide: ROLES, useValue: roles },
      {
        provide: NOTIFICATIONS_CONFIG,
        inject: [RELAIS_CONFIG],
        useFactory: (relais: RelaisConfig) =>
          options.configOf
            ? options.configOf(relais)
            : loadNotificationsConfig(process.env, { dataDir: relais.dataDir, timezone: relais.timezone }),
      },
      {
        provide: NOTIFICATION_CHANNELS,
        inject: [NOTIFICATIONS_CONFIG],
        useFactory: (config: NotificationsConfig) => createNotificationChannels(config),
      },
      ...[NotificationRepository, DeliveryRepository, RuleRepository, AlertSourceReader].map((repository) => ({
        provide: repository,
        inject: [DataSource],
        useFactory: (dataSource: DataSource) => new repository(dataSource),
      })),
      {
        provide: AlertStateStore,
        inject: [DataSource, NotificationRepository],
        useFactory: (dataSource: DataSource, notifications: NotificationRepository) =>
          new AlertStateStore(dataSource, notifications),
      },
      {
        provide: SecretRedactor,
        inject: [RELAIS_CONFIG, NOTIFICATIONS_CONFIG],
        useFactory: (relais: RelaisConfig, config: NotificationsConfig) =>
          new SecretRedactor([...relais.secrets, ...config.secrets]),
      },
      {
        provide: DeliveryDispatcher,
        inject: [
          DeliveryRepository,
          NotificationRepository,
          NOTIFICATION_CHANNELS,
          NOTIFICATIONS_CONFIG,
          SecretRedactor,
        ],
        useFactory: (
          deliveries: DeliveryRepository,
          notifications: NotificationRepository,
          channels: NotificationChannel[],
          config: NotificationsConfig,
          redactor: SecretRedactor,
        ) => new DeliveryDispatcher(deliveries, notifications, channels, config.delivery, redactor),
      },
      {
        provide: NotificationPublisher,
        inject: [NotificationRepository, DeliveryDispatcher, NOTIFICATIONS_CONFIG],
        useFactory: (
          notifications: NotificationRepository,
          dispatcher: DeliveryDispatcher,
          config: NotificationsConfig,
        ) => new NotificationPublisher(notifications, dispatcher, config.source),
      },
      {
        provide: AlertEvaluator,
        inject: [
          RuleRepository,
          AlertSourceReader,
          AlertStateStore,
          NotificationRepository,
          NOTIFICATIONS_CONFIG,
          DeliveryDispatcher,
          SecretRedactor,
        ],
        useFactory: (
          rules: RuleRepository,
          reader: AlertSourceReader,
          store: AlertStateStore,
          notifications: NotificationRepository,
          config: NotificationsConfig,
          dispatcher: DeliveryDispatcher,
          redactor: SecretRedactor,
        ) =>
          new AlertEvaluator(
            rules,
            reader,
            store,
            notifications,
            { source: config.source, overlapMs: config.evaluation.overlapMs },
            () => dispatcher.channelNames,
            (text) => redactor.redact(text),
            () => dispatcher.wake(),
          ),
      },
      {
        provide: AlertEvaluationLoop,
        inject: [AlertEvaluator, RedisLock, NOTIFICATIONS_CONFIG],
        useFactory: (evaluator: AlertEvaluator, lock: RedisLock, config: NotificationsConfig) =>
          new AlertEvaluationLoop(evaluator, lock, config.evaluation.intervalMs),
      },
      {
        provide: RuleService,
        inject: [RuleRepository],
        useFactory: (rules: RuleRepository) => new RuleService(rules),
      },
      {
        provide: NotificationsLifecycle,
        inject: [
          ROLES,
          NOTIFICATIONS_CONFIG,
          RuleRepository,
          DeliveryDispatcher,
          AlertEvaluationLoop,
          NOTIFICATION_CHANNELS,
        ],
        useFactory: (
          hosted: NotificationsRoles,
          config: NotificationsConfig,
          rules: RuleRepository,
          dispatcher: DeliveryDispatcher,
          loop: AlertEvaluationLoop,
          channels: NotificationChannel[],
        ) => new NotificationsLifecycle(hosted, config, rules, dispatcher, loop, channels),
      },
    ];
    return {
      module: NotificationsModule,
      providers,
      exports: [
        NOTIFICATIONS_CONFIG,
        NotificationPublisher,
        NotificationRepository,
        DeliveryRepository,
        RuleRepository,
        RuleService,
        AlertEvaluationLoop,
        DeliveryDispatcher,
      ],
    };
  }
}
