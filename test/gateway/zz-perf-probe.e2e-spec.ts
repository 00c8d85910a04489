import { DataSource } from 'typeorm';
import { RunState, type Page, type RunSummary } from '@relais/contracts';
import { aFlowRun } from '../support/flow-run.fixture';
import { callApi } from './gateway-harness';
import { useApiGateway } from './api-test-gateway';

jest.setTimeout(600_000);
describe('perf probe', () => {
  const api = useApiGateway();
  it('measures', async () => {
    const states = Object.values(RunState);
    const flows = ['ops.health-check', 'scrutart.process-artist', 'documents.batch', 'dpgf.workflow', 'rag.update-knowledge-base'];
    const base = Date.now() - 100_000 * 1000;
    const t0 = Date.now();
    for (let chunk = 0; chunk < 100; chunk++) {
      const rows = Array.from({ length: 1000 }, (_, j) => {
        const i = chunk * 1000 + j;
        return aFlowRun({ flowName: flows[i % 5], state: states[(i * 7) % states.length], createdAt: base + i * 1000, updatedAt: base + i * 1000,
          parameters: { qid: `Q${i}`, languages: ['fr', 'en'], auto_publish: 'draft' }, deploymentName: i % 10 === 0 ? 'hourly' : null });
      });
      await api.runs.insertMany(rows);
    }
    console.log('insert 100k ms', Date.now() - t0);
    const ds = api.gateway.moduleRef.get(DataSource);
    if (ds.options.type === 'better-sqlite3') {
      console.log(JSON.stringify(await ds.query("EXPLAIN QUERY PLAN SELECT * FROM flow_runs run WHERE run.created_at <= 5 AND (run.created_at < 5 OR run.id < 'x') ORDER BY run.created_at DESC, run.id DESC LIMIT 51")));
      console.log(JSON.stringify(await ds.query("EXPLAIN QUERY PLAN SELECT * FROM flow_runs run WHERE run.state IN ('FAILED','CRASHED') ORDER BY run.created_at DESC, run.id DESC LIMIT 51")));
      console.log(JSON.stringify(await ds.query("EXPLAIN QUERY PLAN SELECT * FROM flow_runs run ORDER BY run.created_at DESC, run.id DESC LIMIT 51")));
      for (const sql of ["SELECT * FROM flow_runs run ORDER BY run.created_at DESC, run.id DESC LIMIT 51", "SELECT * FROM flow_runs run WHERE run.created_at <= 1e18 AND (run.created_at < 1e18 OR run.id < 'x') ORDER BY run.created_at DESC, run.id DESC LIMIT 51"]) {
        const t = Date.now(); for (let i = 0; i < 20; i++) await ds.query(sql); console.log('raw', sql.slice(0, 60), (Date.now() - t) / 20);
      }
      console.log(JSON.stringify(await ds.query("EXPLAIN QUERY PLAN SELECT * FROM flow_runs run WHERE run.flow_name = 'x' ORDER BY run.created_at DESC, run.id DESC LIMIT 51")));
    } else {
      console.log(JSON.stringify(await ds.query("EXPLAIN SELECT * FROM flow_runs run WHERE run.created_at <= 5 AND (run.created_at < 5 OR run.id < 'x') ORDER BY run.created_at DESC, run.id DESC LIMIT 51")));
      console.log(JSON.stringify(await ds.query("EXPLAIN SELECT * FROM flow_runs run WHERE run.state IN ('FAILED','CRASHED') ORDER BY run.created_at DESC, run.id DESC LIMIT 51")));
    }
    for (const after of [undefined, { createdAt: base + 50_000 * 1000, id: 'zzzz' }, { createdAt: Date.now() + 1000, id: 'zzzz' }]) {
      const t = Date.now(); for (let i = 0; i < 20; i++) await api.runs.list({ limit: 51, after }); console.log('repo list', JSON.stringify(after), (Date.now() - t) / 20);
    }
    for (const [label, fn] of [
      ['countByFlowAndState all', () => api.runs.countByFlowAndState()],
      ['countByFlowAndState 7d', () => api.runs.countByFlowAndState({ from: 0, to: Date.now() + 1 })],
      ['completedDurations', () => api.runs.completedDurations({ from: 0, to: Date.now() + 1 })],
    ] as const) {
      const t = Date.now(); for (let i = 0; i < 5; i++) await fn(); console.log('query', label, (Date.now() - t) / 5);
    }
    const time = async (label: string, path: string, n = 20) => {
      await callApi(api.gateway, 'GET', path);
      const t = Date.now();
      let last: Page<RunSummary> | undefined;
      for (let i = 0; i < n; i++) last = (await callApi<Page<RunSummary>>(api.gateway, 'GET', path)).body;
      console.log(label, ((Date.now() - t) / n).toFixed(1), 'ms/request', (last as { items?: unknown[] } | undefined)?.items?.length);
      return last!;
    };
    await time('warm-up', `/api/runs?cursor=${Buffer.from(JSON.stringify([base + 50_000 * 1000, 'zzzz'])).toString('base64url')}`, 50);
    await time('first page 50 (before)', '/api/runs');
    const first = await time('first page 50', '/api/runs', 50);
    await time('first page 500', '/api/runs?limit=500');
    // a deep cursor: the middle of the table
    let page = first;
    for (let i = 0; i < 5; i++) page = (await callApi<Page<RunSummary>>(api.gateway, 'GET', `/api/runs?limit=500&cursor=${page.nextCursor}`)).body;
    const mid = Buffer.from(JSON.stringify([base + 50_000 * 1000, 'zzzz'])).toString('base64url');
    await time('mid-table page 50', `/api/runs?cursor=${mid}`);
    const deep = Buffer.from(JSON.stringify([base + 1000 * 1000, 'zzzz'])).toString('base64url');
    await time('deep page 50', `/api/runs?cursor=${deep}`);
    await time('state=FAILED,CRASHED', '/api/runs?state=FAILED,CRASHED');
    await time('state=FAILED,CRASHED deep', `/api/runs?state=FAILED,CRASHED&cursor=${deep}`);
    await time('state=RUNNING', '/api/runs?state=RUNNING');
    await time('flow', '/api/runs?flow=dpgf.workflow');
    await time('flow deep', `/api/runs?flow=dpgf.workflow&cursor=${mid}`);
    await time('deployment', '/api/runs?deployment=hourly');
    await time('stats 7d', '/api/stats?window=7d', 5);
    await time('stats 2d', '/api/stats?window=2d', 5);
    await time('metrics', '/metrics', 5);
  });
});
