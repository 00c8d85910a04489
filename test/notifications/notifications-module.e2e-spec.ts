import { Global, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { RELAIS_CONFIG } from '@relais/config';
import { REDIS_CLIENT, RedisLock } from '@relais/engine';
import {
  InvalidRuleError,
  NotificationPublisher,
  NotificationRepository,
  NotificationsModule,
  RULE_CATALOGUE,
  RuleConflictError,
  RuleNotFoundError,
  RuleService,
} from '@relais/notifications';
import { WebhookReceiverFake } from '../fakes/notification-receivers.fake';
import { testConfig, waitFor, type TestConfig } from '../support/test-env';
import { openNotificationsDatabase } from './notifications-harness';

describe('NotificationsModule', () => {
  const receiver = new WebhookReceiverFake();
  let setup: TestConfig;
  let dataSource: DataSource;
  let redis: Redis;
  let app: TestingModule;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    await receiver.start();
    setup = await testConfig();
    dataSource = await openNotificationsDatabase(setup.config.database);
    redis = new Redis(setup.config.redisUrl);
    Object.assign(process.env, {
      NOTIFICATION_WEBHOOK_URL: receiver.webhookUrl,
      WEBHOOK_SIGNING_SECRET: 'module-test-signing-secret',
      NOTIFY_POLL_MS: '50',
    });

    /** What EngineModule.forProducer() gives a process: config, database, Redis and its lock. */
    @Global()
    @Module({
      providers: [
        { provide: RELAIS_CONFIG, useValue: setup.config },
        { provide: DataSource, useValue: dataSource },
        { provide: REDIS_CLIENT, useValue: redis },
        RedisLock,
      ],
      exports: [RELAIS_CONFIG, DataSource, REDIS_CLIENT, RedisLock],
    })
    class ProducerStandIn {}

    app = await Test.createTestingModule({
      imports: [ProducerStandIn, NotificationsModule.forRoot({ dispatch: true, evaluate: true })],
    }).compile();
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    process.env = savedEnv;
    redis.disconnect();
    await dataSource.destroy();
    await setup.cleanup();
    await receiver.stop();
  });

  it('syncs the catalogue at start and sends a test notification through the configured webhook', async () => {
    const rules = await app.get(RuleService).list();
    expect(rules.map((rule) => rule.id).sort()).toEqual(RULE_CATALOGUE.map((rule) => rule.id).sort());

    const sent = await app.get(NotificationPublisher).publish({
      event: 'test',
      title: 'Test notification',
      message: 'Sent from the tests',
      severity: 'info',
      isAlert: false,
      data: {},
      channels: ['webhook'],
    });
    await waitFor(() => receiver.requests.length === 1, { message: 'the test notification' });
    expect(receiver.requests[0].headers['x-relais-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    await waitFor(
      async () => {
        const [entry] = await app.get(NotificationRepository).list({ limit: 1 });
        return entry.deliveries.every((delivery) => delivery.state === 'delivered');
      },
      { message: 'both deliveries (archive and webhook) recorded as delivered' },
    );
    const [entry] = await app.get(NotificationRepository).list({ limit: 10 });
    expect(entry.id).toBe(sent.id);
    expect(entry.deliveries.map((delivery) => delivery.channel).sort()).toEqual(['archive', 'webhook']);
  });

  it('validates rules made through the service, naming the field at fault', async () => {
    const service = app.get(RuleService);
    await service.create({
      id: 'dpgf-failures',
      kind: 'run-failed',
      params: { flows: ['dpgf.import-folder'] },
      severity: 'critical',
      cooldown_minutes: 30,
    });
    await expect(service.create({ id: 'dpgf-failures', kind: 'run-failed', params: {} })).rejects.toBeInstanceOf(
      RuleConflictError,
    );
    await expect(service.create({ id: 'Bad Id', kind: 'nope', params: {} })).rejects.toThrow(
      /id must be.*kind must be one of/s,
    );
    await expect(
      service.create({ id: 'long', kind: 'run-too-long', params: { minutes: 0, flow: 'x' } }),
    ).rejects.toThrow(
      'Rule long is invalid: params.flow should not exist; params.minutes must be an integer between 1 and 10080 (a week)',
    );
    const updated = await service.update('dpgf-failures', {
      enabled: false,
      params: { flows: ['dpgf.import-folder'], tags: ['dpgf'] },
    });
    expect(updated).toMatchObject({ enabled: false, params: { tags: ['dpgf'] }, cooldownMs: 30 * 60_000 });
    await expect(service.update('dpgf-failures', { kind: 'flow-silent' })).rejects.toBeInstanceOf(InvalidRuleError);
    await expect(service.delete('run-failed')).rejects.toThrow(/set enabled to false/);
    await service.delete('dpgf-failures');
    await expect(service.delete('dpgf-failures')).rejects.toBeInstanceOf(RuleNotFoundError);
  });
});
