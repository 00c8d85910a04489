import { RunState } from '@relais/contracts';
import { useApiGateway } from '../gateway/api-test-gateway';
import { callApi } from '../gateway/gateway-harness';

interface SeedError {
  error: string;
  fields?: Record<string, string[]>;
}

interface SeedLaunch {
  success: boolean;
  flow_run_id: string;
  message: string;
}

interface SeedListItem {
  id: string;
  name: string;
  type: string;
  qids: string[];
  status: string;
  created_at: string;
  updated_at: string;
  result?: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UNKNOWN_RUN = '00000000-0000-4000-8000-000000000000';

describe('Scrutart seed-compatible API (gateway, no worker: runs stay queued)', () => {
  const api = useApiGateway();

  const launchArtist = async (qid: string): Promise<string> => {
    const response = await callApi<SeedLaunch>(api.gateway, 'POST', '/api/flows/process-artist', { body: { qid } });
    expect(response.status).toBe(200);
    return response.body.flow_run_id;
  };

  describe('POST /api/flows/process-artist', () => {
    it('starts scrutart.process-artist with the seed defaults and answers {success, flow_run_id, message}', async () => {
      const response = await callApi<SeedLaunch>(api.gateway, 'POST', '/api/flows/process-artist', {
        // batch_size is what the seed's dashboard sends with every request: ignored, as the seed ignored it.
        body: { qid: 'Q296', batch_size: 10 },
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        success: true,
        flow_run_id: expect.stringMatching(UUID) as string,
        message: expect.stringContaining('Q296') as string,
      });
      const run = await api.runs.findById(response.body.flow_run_id);
      expect(run).toMatchObject({
        flowName: 'scrutart.process-artist',
        state: RunState.PENDING,
        parameters: { qid: 'Q296', languages: ['fr'], auto_publish: 'draft' },
      });
    });

    it('passes languages and auto_publish through', async () => {
      const response = await callApi<SeedLaunch>(api.gateway, 'POST', '/api/flows/process-artist', {
        body: { qid: 'Q5582', languages: ['fr', 'en', 'es'], auto_publish: 'review' },
      });
      expect(response.status).toBe(200);
      const run = await api.runs.findById(response.body.flow_run_id);
      expect(run?.parameters).toEqual({
        qid: 'Q5582',
        languages: ['fr', 'en', 'es'],
        auto_publish: 'review',
        allow_unpublish: false,
      });
    });

    it.each([
      ['no qid', { languages: ['fr'] }],
      ['an empty qid', { qid: '' }],
      ['no body', undefined],
    ])('answers 400 {error} for %s', async (_case, body) => {
      const response = await callApi<SeedError>(api.gateway, 'POST', '/api/flows/process-artist', { body });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ error: expect.stringMatching(/^qid is required/) as string });
    });

    it.each(['296', 'Q0296', 'q296', 'Q296; DROP'])('answers 400 {error} for the malformed QID %s', async (qid) => {
      const response = await callApi<SeedError>(api.gateway, 'POST', '/api/flows/process-artist', { body: { qid } });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatch(/^qid must be a Wikidata item id/);
    });

    it('answers 400 naming the field when a parameter is invalid', async () => {
      const response = await callApi<SeedError>(api.gateway, 'POST', '/api/flows/process-artist', {
        body: { qid: 'Q296', languages: ['de'], auto_publish: 'now' },
      });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatch(/languages/);
      expect(Object.keys(response.body.fields ?? {}).sort()).toEqual(['auto_publish', 'languages']);
    });

    it('answers 400 {error} to a body that is not a JSON object', async () => {
      const response = await callApi<SeedError>(api.gateway, 'POST', '/api/flows/process-artist', { body: ['Q296'] });
      expect(response.status).toBe(400);
      expect(typeof response.body.error).toBe('string');
    });

    it('answers 400 {error} naming the body to malformed JSON, without quoting it', async () => {
      const response = await callApi<SeedError>(api.gateway, 'POST', '/api/flows/process-artist', {
        body: '{"qid": "Q296", "secret-ish": "x',
      });
      expect(response.status).toBe(400);
      // Refused inside the route (after the token check), so in the seed's shape.
      expect(response.body).toEqual({
        error: 'Invalid request: body: is not valid JSON (at position 32)',
        fields: { body: ['is not valid JSON (at position 32)'] },
      });
    });
  });

  describe('POST /api/flows/process-batch', () => {
    it('starts scrutart.process-batch; the seed batch_size becomes the concurrency', async () => {
      const response = await callApi<SeedLaunch>(api.gateway, 'POST', '/api/flows/process-batch', {
        body: {
          qids: ['Q296', 'Q5582', 'Q5597'],
          batch_name: 'Impressionnistes',
          batch_size: 3,
          languages: ['fr', 'en'],
        },
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        success: true,
        flow_run_id: expect.stringMatching(UUID) as string,
        message: expect.stringContaining('3 artists') as string,
      });
      const run = await api.runs.findById(response.body.flow_run_id);
      expect(run).toMatchObject({
        flowName: 'scrutart.process-batch',
        parameters: {
          qids: ['Q296', 'Q5582', 'Q5597'],
          batch_name: 'Impressionnistes',
          concurrency: 3,
          languages: ['fr', 'en'],
          auto_publish: 'draft',
        },
      });
    });

    it('names an unnamed batch after the time, as the seed did', async () => {
      const response = await callApi<SeedLaunch>(api.gateway, 'POST', '/api/flows/process-batch', {
        body: { qids: ['Q762'] },
      });
      expect(response.status).toBe(200);
      const run = await api.runs.findById(response.body.flow_run_id);
      expect(run?.parameters.batch_name).toMatch(/^Batch \d{8}_\d{6}$/);
      expect(run?.parameters.concurrency).toBe(10);
    });

    it.each([
      ['no qids', {}],
      ['an empty list', { qids: [] }],
    ])('answers 400 {error} for %s', async (_case, body) => {
      const response = await callApi<SeedError>(api.gateway, 'POST', '/api/flows/process-batch', { body });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ error: expect.stringMatching(/^qids is required/) as string });
    });

    it('answers 400 naming the malformed QID of the list', async () => {
      const response = await callApi<SeedError>(api.gateway, 'POST', '/api/flows/process-batch', {
        body: { qids: ['Q296', 'Monet'] },
      });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatch(/^qids\[1\] must be a Wikidata item id/);
    });

    it('answers 400 {error} when qids is not a list', async () => {
      const response = await callApi<SeedError>(api.gateway, 'POST', '/api/flows/process-batch', {
        body: { qids: 'Q296' },
      });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatch(/qids must be a list/);
    });

    it('answers 400 naming batch_size (not the concurrency it becomes) when batch_size is out of range', async () => {
      const response = await callApi<SeedError>(api.gateway, 'POST', '/api/flows/process-batch', {
        body: { qids: ['Q1'], batch_size: 0 },
      });
      expect(response.status).toBe(400);
      expect(response.body.fields).toEqual({ batch_size: ['batch_size must not be less than 1'] });
      const named = await callApi<SeedError>(api.gateway, 'POST', '/api/flows/process-batch', {
        body: { qids: ['Q1'], concurrency: 0, batch_size: 5 },
      });
      expect(Object.keys(named.body.fields ?? {})).toEqual(['concurrency']);
    });
  });

  describe('GET /api/flows/{id}/status', () => {
    it('answers {id, name, state, created_at, updated_at, duration} in the seed wording', async () => {
      const id = await launchArtist('Q5597');
      const response = await callApi(api.gateway, 'GET', `/api/flows/${id}/status`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        id,
        name: 'Artist Q5597',
        state: 'pending',
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string,
        updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string,
        duration: 0,
      });
    });

    it('answers 404 {error} for an unknown run and 400 {error} for a malformed id', async () => {
      const unknown = await callApi<SeedError>(api.gateway, 'GET', `/api/flows/${UNKNOWN_RUN}/status`);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({ error: `Flow run ${UNKNOWN_RUN} not found` });
      const malformed = await callApi<SeedError>(api.gateway, 'GET', '/api/flows/not-a-run/status');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error).toMatch(/^id must be a flow run id/);
    });
  });

  describe('GET /api/flows/active, GET /api/flows/history, POST /api/flows/{id}/cancel', () => {
    it('lists queued runs as active, cancels one, then lists it in the history only', async () => {
      const single = await launchArtist('Q1267');
      const batch = await callApi<SeedLaunch>(api.gateway, 'POST', '/api/flows/process-batch', {
        body: { qids: ['Q5590', 'Q5598'], batch_name: 'Renaissance' },
      });
      const active = await callApi<SeedListItem[]>(api.gateway, 'GET', '/api/flows/active');
      expect(active.status).toBe(200);
      expect(active.body.find((item) => item.id === single)).toMatchObject({
        name: 'Artist Q1267',
        type: 'single',
        qids: ['Q1267'],
        status: 'pending',
      });
      expect(active.body.find((item) => item.id === batch.body.flow_run_id)).toMatchObject({
        name: 'Renaissance',
        type: 'batch',
        qids: ['Q5590', 'Q5598'],
        status: 'pending',
      });
      expect(active.body.every((item) => !('result' in item))).toBe(true);

      const cancelled = await callApi(api.gateway, 'POST', `/api/flows/${single}/cancel`);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toEqual({ success: true, message: expect.any(String) as string, state: 'cancelled' });
      expect((await api.runs.findById(single))?.state).toBe(RunState.CANCELLED);

      const after = await callApi<SeedListItem[]>(api.gateway, 'GET', '/api/flows/active');
      expect(after.body.map((item) => item.id)).not.toContain(single);
      const history = await callApi<SeedListItem[]>(api.gateway, 'GET', '/api/flows/history');
      expect(history.status).toBe(200);
      // Newest update first: the cancellation is the last thing that happened.
      expect(history.body[0]).toMatchObject({ id: single, status: 'cancelled', result: null });
      expect(history.body.map((item) => item.id)).toContain(batch.body.flow_run_id);
    });

    it('honours ?limit= and rejects a bad one with 400 {error}', async () => {
      await launchArtist('Q46373');
      await launchArtist('Q37693');
      const limited = await callApi<SeedListItem[]>(api.gateway, 'GET', '/api/flows/history?limit=2');
      expect(limited.body).toHaveLength(2);
      for (const limit of ['0', 'abc', '1.5', '501']) {
        const response = await callApi<SeedError>(api.gateway, 'GET', `/api/flows/history?limit=${limit}`);
        expect(response.status).toBe(400);
        expect(response.body.error).toMatch(/^limit must be an integer/);
      }
    });

    it('answers 409 {error} when cancelling a run that has ended, 404 {error} for an unknown one', async () => {
      const id = await launchArtist('Q153739');
      expect((await callApi(api.gateway, 'POST', `/api/flows/${id}/cancel`)).status).toBe(200);
      const again = await callApi<SeedError>(api.gateway, 'POST', `/api/flows/${id}/cancel`);
      expect(again.status).toBe(409);
      expect(again.body.error).toMatch(/already ended/);
      const unknown = await callApi<SeedError>(api.gateway, 'POST', `/api/flows/${UNKNOWN_RUN}/cancel`);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({ error: `Flow run ${UNKNOWN_RUN} not found` });
    });
  });

  describe('GET /api/status', () => {
    it('answers the seed fields, with the orchestrator being Redis, and the Scrutart workers seen', async () => {
      const response = await callApi(api.gateway, 'GET', '/api/status');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        status: 'ok',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string,
        prefect_connected: true,
        redis_connected: true,
        database_connected: true,
        scrutart_workers: 0,
      });
    });
  });

  describe('beside the generic API', () => {
    it('serves GET /api/flows/active and /history from the seed routes and GET /api/flows/{name} from the generic API', async () => {
      const active = await callApi(api.gateway, 'GET', '/api/flows/active');
      expect(active.status).toBe(200);
      expect(Array.isArray(active.body)).toBe(true);
      const history = await callApi(api.gateway, 'GET', '/api/flows/history?limit=5');
      expect(history.status).toBe(200);
      expect(Array.isArray(history.body)).toBe(true);
      const flow = await callApi<{ name: string }>(api.gateway, 'GET', '/api/flows/scrutart.process-artist');
      expect(flow.status).toBe(200);
      expect(flow.body.name).toBe('scrutart.process-artist');
      const list = await callApi<unknown[]>(api.gateway, 'GET', '/api/flows');
      expect(list.status).toBe(200);
    });

    it('describes the seed routes at their mounted paths (/api/scrutart/…) and the state graph in the OpenAPI document', async () => {
      const response = await callApi<{ paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }>(
        api.gateway,
        'GET',
        '/api/docs-json',
      );
      expect(response.status).toBe(200);
      const { paths } = response.body;
      expect(Object.keys(paths['/api/scrutart/flows/process-artist'].post.responses)).toEqual(
        expect.arrayContaining(['200', '400']),
      );
      expect(Object.keys(paths['/api/scrutart/flows/{id}/status'].get.responses)).toEqual(
        expect.arrayContaining(['200', '404']),
      );
      expect(Object.keys(paths['/api/scrutart/artist/{qid}/preview'].get.responses)).toEqual(
        expect.arrayContaining(['200', '404', '502']),
      );
      for (const path of [
        '/api/scrutart/flows/process-batch',
        '/api/scrutart/flows/active',
        '/api/scrutart/flows/history',
        '/api/scrutart/flows/{id}/cancel',
        '/api/scrutart/artist/{qid}/artworks/count',
        '/api/scrutart/status',
        '/api/scrutart/state.ttl',
      ]) {
        expect(paths).toHaveProperty([path]);
      }
      // The seed's own paths are aliases, not routes of their own: the generic API keeps /api/flows/{name}.
      expect(paths).not.toHaveProperty(['/api/flows/process-artist']);
    });

    it('answers the same run at the seed path and at the mounted path', async () => {
      const id = await launchArtist('Q296');
      const legacy = await callApi(api.gateway, 'GET', `/api/flows/${id}/status`);
      const mounted = await callApi(api.gateway, 'GET', `/api/scrutart/flows/${id}/status`);
      expect(legacy.status).toBe(200);
      expect(mounted.body).toEqual(legacy.body);
    });

    it('protects the seed routes like every other route, answering in the seed shape', async () => {
      const anonymous = await callApi<SeedError>(api.gateway, 'POST', '/api/flows/process-artist', {
        body: { qid: 'Q296' },
        token: null,
      });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toEqual({ error: expect.any(String) as string });
      const read = await callApi<SeedError>(api.gateway, 'GET', '/api/flows/active', { token: null });
      expect(read.status).toBe(401);
    });
  });
});
