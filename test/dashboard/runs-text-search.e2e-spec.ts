import type { Page, RunSummary } from '@relais/contracts';
import { aFlowRun } from '../support/flow-run.fixture';
import { useApiGateway } from '../gateway/api-test-gateway';
import { callApi } from '../gateway/gateway-harness';

/** `GET /api/runs?q=`: the dashboard's text search over run parameters, done by the database. */
describe('REST API: runs filtered by text in their parameters', () => {
  const api = useApiGateway();
  const now = Date.now();
  const monet = aFlowRun({ parameters: { qid: 'Q296', languages: ['fr'] }, createdAt: now - 3000 });
  const degas = aFlowRun({ parameters: { qid: 'Q46373', note: '100% done_ok' }, createdAt: now - 2000 });
  const other = aFlowRun({ parameters: { qid: 'Q5582', note: '100 percent' }, createdAt: now - 1000 });

  beforeAll(async () => {
    await api.runs.insertMany([monet, degas, other]);
  });

  async function search(query: string): Promise<string[]> {
    const response = await callApi<Page<RunSummary>>(api.gateway, 'GET', `/api/runs?${query}`);
    expect(response.status).toBe(200);
    return response.body.items.map((run) => run.id);
  }

  it('finds the runs whose parameters contain the text, case-insensitively', async () => {
    expect(await search('q=Q296')).toEqual([monet.id]);
    expect(await search('q=q46373')).toEqual([degas.id]);
    expect(await search('q=%22languages%22')).toEqual([monet.id]);
  });

  it('takes % and _ literally', async () => {
    expect(await search(`q=${encodeURIComponent('100%')}`)).toEqual([degas.id]);
    expect(await search('q=done_ok')).toEqual([degas.id]);
    expect(await search('q=done%5Fo')).toEqual([degas.id]);
    expect(await search('q=e_ok')).toEqual([degas.id]);
    expect(await search('q=ne_o')).toEqual([degas.id]);
    expect(await search('q=100_')).toEqual([]);
  });

  it('combines with the other filters and pages with the cursor', async () => {
    expect(await search(`q=Q&limit=2&from=${new Date(now - 2500).toISOString()}`)).toEqual([other.id, degas.id]);
    const first = await callApi<Page<RunSummary>>(api.gateway, 'GET', '/api/runs?q=Q&limit=2');
    expect(first.body.items.map((run) => run.id)).toEqual([other.id, degas.id]);
    expect(await search(`q=Q&limit=2&cursor=${first.body.nextCursor}`)).toEqual([monet.id]);
  });

  it('refuses text longer than 100 characters, naming the field', async () => {
    const response = await callApi<{ fields: Record<string, string[]> }>(
      api.gateway,
      'GET',
      `/api/runs?q=${'x'.repeat(101)}`,
    );
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.fields)).toEqual(['q']);
  });
});
