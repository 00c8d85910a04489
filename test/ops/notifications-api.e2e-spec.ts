import type { TestingModule } from '@nestjs/testing';
import { buildProgram } from '../../apps/cli/src/relais.program';
import { WebhookReceiverFake } from '../fakes/notification-receivers.fake';
import { callApi, createToken, startGateway, type RunningGateway } from '../gateway/gateway-harness';
import { startScheduler } from '../scheduler/scheduler-harness';
import { waitFor } from '../support/test-env';

const WEBHOOK_TOKEN = 'api-test-webhook-bearer-token';

interface RuleBody {
  id: string;
  kind: string;
  severity: string;
  cooldown_minutes: number;
  enabled: boolean;
  params: Record<string, unknown>;
  origin: string;
}

interface LogPage {
  items: { id: string; event: string; deliveries: { channel: string; state: string }[] }[];
  nextCursor: string | null;
}

/** The ops domain's notification routes on a real gateway; the scheduler app sends what they store. */
describe('the notification routes', () => {
  const webhook = new WebhookReceiverFake();
  let gateway: RunningGateway;

  beforeAll(async () => {
    await webhook.start();
    gateway = await startGateway({
      env: { NOTIFICATION_WEBHOOK_URL: webhook.webhookUrl, WEBHOOK_TOKEN, NOTIFY_POLL_MS: '50' },
    });
  });

  afterAll(async () => {
    await gateway.close();
    await gateway.cleanup();
    await webhook.stop();
  });

  it('create, list, change and delete a rule', async () => {
    const created = await callApi<RuleBody>(gateway, 'POST', '/api/notifications/rules', {
      body: { id: 'slow-batches', kind: 'run-too-long', params: { minutes: 30, flows: ['test.run-steps'] } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'slow-batches',
      severity: 'warning',
      cooldown_minutes: 15,
      origin: 'api',
    });

    const changed = await callApi<RuleBody>(gateway, 'PATCH', '/api/notifications/rules/slow-batches', {
      body: { severity: 'critical', enabled: false },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ severity: 'critical', enabled: false, params: { minutes: 30 } });

    const listed = await callApi<RuleBody[]>(gateway, 'GET', '/api/notifications/rules');
    expect(listed.body.map((rule) => [rule.id, rule.severity])).toContainEqual(['slow-batches', 'critical']);

    expect((await callApi(gateway, 'DELETE', '/api/notifications/rules/slow-batches')).status).toBe(204);
    expect((await callApi(gateway, 'DELETE', '/api/notifications/rules/slow-batches')).status).toBe(404);
    expect((await callApi(gateway, 'PATCH', '/api/notifications/rules/nope', { body: { enabled: true } })).status).toBe(
      404,
    );
  });

  it('answer 400 naming each bad field, and 409 for an id taken', async () => {
    const bad = await callApi<{ fields: Record<string, string[]> }>(gateway, 'POST', '/api/notifications/rules', {
      body: { id: 'Bad Id', kind: 'run-too-long', severity: 'loud', params: {} },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields)).toEqual(expect.arrayContaining(['id', 'severity']));

    const badParams = await callApi<{ fields: Record<string, string[]> }>(gateway, 'POST', '/api/notifications/rules', {
      body: { id: 'too-long', kind: 'run-too-long', params: { minutes: 0, colour: 'red' } },
    });
    expect(badParams.status).toBe(400);
    expect(Object.keys(badParams.body.fields)).toEqual(expect.arrayContaining(['params.minutes', 'params.colour']));

    const rule = { id: 'twice', kind: 'flow-silent', params: { flow: 'test.do-nothing', hours: 2 } };
    expect((await callApi(gateway, 'POST', '/api/notifications/rules', { body: rule })).status).toBe(201);
    expect((await callApi(gateway, 'POST', '/api/notifications/rules', { body: rule })).status).toBe(409);
  });

  it('let a viewer read rules and the log but not change them', async () => {
    const viewer = await createToken(gateway, 'notifications-viewer', 'viewer');
    expect((await callApi(gateway, 'GET', '/api/notifications/rules', { token: viewer.token })).status).toBe(200);
    expect((await callApi(gateway, 'GET', '/api/notifications', { token: viewer.token })).status).toBe(200);
    const refused = await callApi(gateway, 'POST', '/api/notifications/test', {
      token: viewer.token,
      body: { channel: 'webhook' },
    });
    expect(refused.status).toBe(403);
  });

  it('refuse a test to an unknown or unconfigured channel, naming the variable to set', async () => {
    const unknown = await callApi<{ fields: Record<string, string[]> }>(gateway, 'POST', '/api/notifications/test', {
      body: { channel: 'pigeon' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields.channel[0]).toMatch(/channel must be one of archive, email, slack, webhook/);
    const slack = await callApi<{ fields: Record<string, string[]> }>(gateway, 'POST', '/api/notifications/test', {
      body: { channel: 'slack' },
    });
    expect(slack.status).toBe(400);
    expect(slack.body.fields.channel[0]).toMatch(/SLACK_WEBHOOK_URL/);
  });

  it('page through the log, refusing bad parameters', async () => {
    for (const query of ['?limit=0', '?limit=501', '?colour=red', '?cursor=not-a-cursor', '?alerts_only=maybe']) {
      const response = await callApi<{ fields: Record<string, string[]> }>(
        gateway,
        'GET',
        `/api/notifications${query}`,
      );
      expect(response.status).toBe(400);
      expect(Object.keys(response.body.fields)).toHaveLength(1);
    }
  });

  it('store a test notification that the scheduler then delivers, without the token in any answer', async () => {
    const accepted = await callApi<{ id: string }>(gateway, 'POST', '/api/notifications/test', {
      body: { channel: 'webhook' },
    });
    expect(accepted.status).toBe(202);
    const second = await callApi<{ id: string }>(gateway, 'POST', '/api/notifications/test', {
      body: { channel: 'archive' },
    });
    expect(second.status).toBe(202);

    const firstPage = await callApi<LogPage>(gateway, 'GET', '/api/notifications?limit=1');
    expect(firstPage.body.items.map((item) => item.id)).toEqual([second.body.id]);
    expect(firstPage.body.items[0].deliveries.map((delivery) => delivery.channel)).toEqual(['archive']);
    const nextPage = await callApi<LogPage>(
      gateway,
      'GET',
      `/api/notifications?limit=1&cursor=${firstPage.body.nextCursor ?? ''}`,
    );
    expect(nextPage.body.items.map((item) => item.id)).toEqual([accepted.body.id]);

    let scheduler: TestingModule | undefined;
    try {
      scheduler = await startScheduler(gateway.config, []);
      await waitFor(() => webhook.requests.length === 1, { message: 'the test notification at the webhook' });
    } finally {
      await scheduler?.close();
    }
    expect(webhook.requests[0].headers.authorization).toBe(`Bearer ${WEBHOOK_TOKEN}`);
    expect(JSON.parse(webhook.requests[0].body.toString('utf8'))).toMatchObject({ event: 'test', is_alert: false });

    const log = await callApi<LogPage>(gateway, 'GET', '/api/notifications?limit=500');
    const delivered = log.body.items.find((item) => item.id === accepted.body.id);
    expect(delivered?.deliveries.find((delivery) => delivery.channel === 'webhook')?.state).toBe('delivered');
    expect(JSON.stringify(log.body)).not.toContain(WEBHOOK_TOKEN);
  });

  it('answer the CLI: relais rules ls, notifications test and notifications ls', async () => {
    const relais = async (...args: string[]): Promise<string> => {
      const written: string[] = [];
      const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      });
      try {
        await buildProgram('test').parseAsync(['--url', gateway.url, '--token', gateway.adminToken, ...args], {
          from: 'user',
        });
      } finally {
        spy.mockRestore();
      }
      return written.join('');
    };
    expect(await relais('rules', 'ls')).toMatch(/^ID +KIND +SEVERITY/);
    expect(await relais('notifications', 'test', 'archive')).toMatch(/^Test notification \S+ queued for archive/);
    const listed = JSON.parse(await relais('--json', 'notifications', 'ls', '--limit', '1')) as LogPage;
    expect(listed.items[0]).toMatchObject({ event: 'test' });
  });
});
