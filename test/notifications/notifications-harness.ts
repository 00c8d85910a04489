import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { RelaisConfig } from '@relais/config';
import { RedisLock } from '@relais/engine';
import {
  AlertEvaluationLoop,
  AlertEvaluator,
  AlertSourceReader,
  AlertStateStore,
  DeliveryDispatcher,
  DeliveryRepository,
  NotificationRepository,
  RuleRepository,
  type NotificationChannel,
  type NotificationRuleEntity,
} from '@relais/notifications';
import { FlowRunRepository } from '@relais/persistence';
import { testDatabase, testRedisPrefix, type TestDatabase } from '../support/test-env';
import { openNotificationsDatabase } from './notifications-database';

export { openNotificationsDatabase } from './notifications-database';

/** A fresh database per test file: beforeAll opens it, afterAll drops it. */
export function useNotificationsDatabase(): { readonly dataSource: DataSource; readonly database: TestDatabase } {
  let state: { dataSource: DataSource; database: TestDatabase } | undefined;
  beforeAll(async () => {
    const database = await testDatabase();
    state = { database, dataSource: await openNotificationsDatabase(database.database) };
  });
  afterAll(async () => {
    if (!state) return;
    await state.dataSource.destroy();
    await state.database.drop();
  });
  return {
    get dataSource() {
      if (!state) throw new Error('the database is open only inside tests and hooks');
      return state.dataSource;
    },
    get database() {
      if (!state) throw new Error('the database is open only inside tests and hooks');
      return state.database;
    },
  };
}

/** The notifications parts wired as a process would, over one data source (a "process" of the tests). */
export interface NotificationsProcess {
  runs: FlowRunRepository;
  rules: RuleRepository;
  notifications: NotificationRepository;
  deliveries: DeliveryRepository;
  evaluator: AlertEvaluator;
  loop: AlertEvaluationLoop;
  dispatcher: DeliveryDispatcher;
  /** Stops the dispatcher and closes Redis (the database stays open for the next "process"). */
  close(): Promise<void>;
}

export interface ProcessOptions {
  channels: NotificationChannel[];
  redisPrefix?: string;
  overlapMs?: number;
  /** Events per page of the evaluator (default its own, 500). */
  pageSize?: number;
  secrets?: string[];
  delivery?: Partial<{
    timeoutMs: number;
    maxAttempts: number;
    retryBaseMs: number;
    retryMaxMs: number;
    pollMs: number;
  }>;
}

/** Builds a notifications "process" over `dataSource`, its lock on the tests' real Redis. */
export function notificationsProcess(dataSource: DataSource, options: ProcessOptions): NotificationsProcess {
  const redis = new Redis(process.env.TEST_REDIS_URL ?? '', { maxRetriesPerRequest: 1 });
  const lock = new RedisLock(redis, { redisPrefix: options.redisPrefix ?? testRedisPrefix() } as RelaisConfig);
  const notifications = new NotificationRepository(dataSource);
  const deliveries = new DeliveryRepository(dataSource);
  const rules = new RuleRepository(dataSource);
  const redact = (text: string): string =>
    (options.secrets ?? []).reduce((redacted, secret) => redacted.split(secret).join('[REDACTED]'), text);
  const dispatcher = new DeliveryDispatcher(
    deliveries,
    notifications,
    options.channels,
    { timeoutMs: 2000, maxAttempts: 5, retryBaseMs: 100, retryMaxMs: 400, pollMs: 50, ...options.delivery },
    { redact },
  );
  const evaluator = new AlertEvaluator(
    rules,
    new AlertSourceReader(dataSource),
    new AlertStateStore(dataSource, notifications),
    notifications,
    { source: 'relais-test', overlapMs: options.overlapMs ?? 60_000, pageSize: options.pageSize },
    () => dispatcher.channelNames,
    redact,
    () => dispatcher.wake(),
  );
  return {
    runs: new FlowRunRepository(dataSource),
    rules,
    notifications,
    deliveries,
    evaluator,
    loop: new AlertEvaluationLoop(evaluator, lock, 60_000),
    dispatcher,
    close: async () => {
      await dispatcher.stop();
      redis.disconnect();
    },
  };
}

/** A stored rule row; `createdAt` defaults to long ago so proactive rules are not held back by it. */
export function aRule(
  overrides: Partial<NotificationRuleEntity> & Pick<NotificationRuleEntity, 'id' | 'kind'>,
): NotificationRuleEntity {
  return {
    description: `test rule ${overrides.id}`,
    params: {},
    severity: 'critical',
    cooldownMs: 0,
    enabled: true,
    channels: null,
    origin: 'api',
    createdAt: 0,
    updatedAt: 0,
    ...overrides,
  };
}
