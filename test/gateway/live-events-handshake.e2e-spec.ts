import { LIVE_EVENTS_MESSAGES, MAX_WATCHED_RUNS } from '@relais/contracts';
import { RunLauncher } from '@relais/engine';
import { ApiTokenService } from '../../apps/gateway/src/auth/api-token.service';
import { NOOP_FLOW, SLEEP_FLOW, STEPS_FLOW } from '../engine/test-flows';
import { waitFor } from '../support/test-env';
import { useApiGateway } from './api-test-gateway';
import { LiveEventsClient, refusalOf } from './live-events-client';

// No worker runs here: every launched run stays PENDING, which is all these tests need.
describe('live events: handshake and subscriptions', () => {
  const api = useApiGateway();
  const clients: LiveEventsClient[] = [];

  async function connect(options?: Parameters<typeof LiveEventsClient.connect>[1]): Promise<LiveEventsClient> {
    const client = await LiveEventsClient.connect(api.gateway, options);
    clients.push(client);
    return client;
  }

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  it('refuses a handshake without a token, saying so', async () => {
    expect(await refusalOf(api.gateway, { token: null })).toMatch(/^missing token/);
  });

  it('refuses an unknown token, a malformed Authorization header and a non-string auth.token', async () => {
    expect(await refusalOf(api.gateway, { token: 'relais_not-a-real-token' })).toMatch(/^invalid token/);
    expect(await refusalOf(api.gateway, { token: 'not-a-real-token', asHeader: true })).toMatch(/^invalid token/);
    expect(await refusalOf(api.gateway, { authorization: 'Basic dXNlcjpwYXNz' })).toMatch(/^invalid token/);
    expect(await refusalOf(api.gateway, { token: 42 as unknown as string })).toMatch(/^invalid token/);
  });

  it('refuses a revoked token and accepts a viewer token, in auth or in the Authorization header', async () => {
    const tokens = api.gateway.moduleRef.get(ApiTokenService);
    const viewer = await tokens.create('dashboard', 'viewer');
    const revoked = await tokens.create('old-dashboard', 'viewer');
    await tokens.revoke(revoked.id);

    expect(await refusalOf(api.gateway, { token: revoked.token })).toMatch(/^invalid token/);
    expect((await connect({ token: viewer.token })).socket.connected).toBe(true);
    expect((await connect({ token: viewer.token, asHeader: true })).socket.connected).toBe(true);
  });

  it('closes a connected socket once its token is revoked, telling the client why', async () => {
    const tokens = api.gateway.moduleRef.get(ApiTokenService);
    const soonRevoked = await tokens.create('laptop', 'viewer');
    const kept = await connect();
    const client = await connect({ token: soonRevoked.token });
    const reasons: unknown[] = [];
    client.socket.on(LIVE_EVENTS_MESSAGES.sessionRevoked, (payload: unknown) => reasons.push(payload));

    await tokens.revoke(soonRevoked.id);
    await waitFor(() => !client.socket.connected, { timeoutMs: 45_000, message: 'the revoked socket to close' });
    expect(reasons).toEqual([{ reason: 'token revoked' }]);
    expect(kept.socket.connected).toBe(true);
  });

  it('acknowledges subscribe_run with the run state, and names the field of a bad or unknown run id', async () => {
    const client = await connect();
    const { run } = await api.gateway.moduleRef.get(RunLauncher).launch(NOOP_FLOW.name, {});

    expect(await client.request(LIVE_EVENTS_MESSAGES.subscribeRun, { runId: run.id })).toEqual({
      ok: true,
      runId: run.id,
      state: 'PENDING',
    });
    expect(await client.request(LIVE_EVENTS_MESSAGES.unsubscribeRun, { runId: run.id })).toEqual({
      ok: true,
      runId: run.id,
    });
    for (const body of [{ runId: 'not-a-uuid' }, { id: run.id }, run.id, null]) {
      expect(await client.request(LIVE_EVENTS_MESSAGES.subscribeRun, body)).toEqual({
        ok: false,
        error: 'runId: must be a run id (a UUID)',
      });
    }
    expect(await client.request(LIVE_EVENTS_MESSAGES.unsubscribeRun, { runId: 42 })).toEqual({
      ok: false,
      error: 'runId: must be a run id (a UUID)',
    });
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await client.request(LIVE_EVENTS_MESSAGES.subscribeRun, { runId: unknown })).toEqual({
      ok: false,
      error: `runId: no run has the id ${unknown}`,
    });
  });

  it(`lets one connection watch at most ${MAX_WATCHED_RUNS} runs`, async () => {
    const client = await connect();
    const launcher = api.gateway.moduleRef.get(RunLauncher);
    const runs = await launcher.launchMany(
      NOOP_FLOW.name,
      Array.from({ length: MAX_WATCHED_RUNS + 1 }, () => ({})),
    );
    const [last, ...first] = runs;
    for (const run of first) {
      expect(await client.request(LIVE_EVENTS_MESSAGES.subscribeRun, { runId: run.id })).toMatchObject({ ok: true });
    }
    // Subscribing again to a watched run is not a new one.
    expect(await client.request(LIVE_EVENTS_MESSAGES.subscribeRun, { runId: first[0].id })).toMatchObject({
      ok: true,
    });
    expect(await client.request(LIVE_EVENTS_MESSAGES.subscribeRun, { runId: last.id })).toEqual({
      ok: false,
      error: `runId: this connection already watches ${MAX_WATCHED_RUNS} runs; unsubscribe first`,
    });
    await client.request(LIVE_EVENTS_MESSAGES.unsubscribeRun, { runId: first[0].id });
    expect(await client.request(LIVE_EVENTS_MESSAGES.subscribeRun, { runId: last.id })).toMatchObject({ ok: true });
  });

  it('validates subscribe_flows, naming the bad entry', async () => {
    const client = await connect();
    expect(
      await client.request(LIVE_EVENTS_MESSAGES.subscribeFlows, { flows: [STEPS_FLOW.name, 'no.such-flow'] }),
    ).toEqual({ ok: false, error: 'flows[1]: unknown flow "no.such-flow"' });
    expect(await client.request(LIVE_EVENTS_MESSAGES.subscribeFlows, { flows: STEPS_FLOW.name })).toEqual({
      ok: false,
      error: 'flows: must be an array of flow names ([] for all)',
    });
    expect(
      await client.request(LIVE_EVENTS_MESSAGES.subscribeFlows, { flows: [SLEEP_FLOW.name, SLEEP_FLOW.name] }),
    ).toEqual({ ok: true, flows: [SLEEP_FLOW.name] });
    expect(await client.request(LIVE_EVENTS_MESSAGES.subscribeFlows, {})).toEqual({ ok: true, flows: [] });
  });

  it('sends state events to every client and follows subscribe_flows filters', async () => {
    const everything = await connect();
    const sleepOnly = await connect();
    await sleepOnly.request(LIVE_EVENTS_MESSAGES.subscribeFlows, { flows: [SLEEP_FLOW.name] });
    const launcher = api.gateway.moduleRef.get(RunLauncher);

    const steps = (await launcher.launch(STEPS_FLOW.name, { steps: 1 })).run;
    const sleep = (await launcher.launch(SLEEP_FLOW.name, { ms: 10 })).run;
    await everything.waitForRunEvent(sleep.id, 'flow_status_update');
    await sleepOnly.waitForRunEvent(sleep.id, 'flow_status_update');

    // One subscription per replica relays events in the order they were published: the steps run's event,
    // published first, would have reached sleepOnly before the sleep run's.
    expect(everything.namesOf(steps.id)).toEqual(['flow_status_update']);
    expect(sleepOnly.namesOf(steps.id)).toEqual([]);
    expect(sleepOnly.eventsOf(sleep.id)).toEqual([
      expect.objectContaining({ event: 'flow_status_update', flowName: SLEEP_FLOW.name, state: 'PENDING' }),
    ]);
  });
});
