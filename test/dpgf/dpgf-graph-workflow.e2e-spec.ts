import { RunState } from '@relais/contracts';
import type { DpgfWorkflowResult } from '@relais/domains/dpgf/contracts';
import { RunLogRepository } from '@relais/persistence';
import { FakeEntraToken } from '../fakes/entra-token.fake';
import { FakeMicrosoftGraph } from '../fakes/microsoft-graph.fake';
import { writeFixtureTree } from './fixtures/price-schedule-fixtures';
import { startDpgfWorld, type DpgfWorld } from './dpgf-worker-harness';
import { pricingCounts } from './pricing-database';

describe('dpgf.workflow on SharePoint through the fake Microsoft Graph and Entra ID', () => {
  const entra = new FakeEntraToken();
  const graph = new FakeMicrosoftGraph('b!drive-etudes', (token) => entra.issued.includes(token));
  let world: DpgfWorld;

  beforeAll(async () => {
    await entra.start();
    await graph.start();
    world = await startDpgfWorld({
      GRAPH_API_URL: `${graph.url}/v1.0`,
      GRAPH_AUTHORITY_HOST: entra.url,
      GRAPH_TENANT_ID: entra.tenantId,
      GRAPH_CLIENT_ID: entra.clientId,
      GRAPH_CLIENT_SECRET: entra.clientSecret,
      GRAPH_DRIVE_ID: graph.driveId,
    });
    await writeFixtureTree(world.root);
    await graph.loadFolder(world.root);
  });

  afterAll(async () => {
    await world.stop();
    await graph.stop();
    await entra.stop();
  });

  const workflow = async () => {
    const run = await world.runToEnd('dpgf.workflow', { source: 'graph', exclude_dirs: ['Archives'] }, 90_000);
    expect(run.error).toBeNull();
    expect(run.state).toBe(RunState.COMPLETED);
    return { result: run.result as DpgfWorkflowResult, runId: run.id };
  };

  it('signs in with client credentials, pages through folders, survives throttling, and imports the schedules', async () => {
    graph.failNext(1, 429, { retryAfter: 1, body: '{"error":{"code":"TooManyRequests"}}' });
    const { result, runId } = await workflow();
    expect(result).toMatchObject({ files_scanned: 6, files_identified: 4, files_imported: 3, lots: 4, elements: 16 });
    expect(result.source).toBe('SharePoint drive b!drive-etudes:/');
    // Pages were followed (2 items a page) and the token asked once: MSAL caches it.
    expect(graph.requests.some((request) => request.url.includes('$skiptoken='))).toBe(true);
    expect(entra.requestsTo('/oauth2/v2.0/token')).toHaveLength(1);
    expect(entra.requestsTo('/oauth2/v2.0/token')[0].form).toMatchObject({
      grant_type: 'client_credentials',
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(graph.requests.filter((request) => request.path.startsWith('/download/')).length).toBeGreaterThanOrEqual(4);
    expect(await pricingCounts(world.pricing)).toMatchObject({ dpgf_imports: 3, elements_ouvrage: 16 });
    // The secret appears in no result and no log line.
    const logs = await world.worker.get(RunLogRepository).findByRun(runId);
    expect(JSON.stringify([result, logs])).not.toContain(entra.clientSecret);
  });

  it('a second run imports nothing new; a download shorter than listed is a per-file error', async () => {
    graph.truncateDownloads = 10;
    const { result } = await workflow();
    expect(result).toMatchObject({ files_imported: 0, elements: 0 });
    expect(result.errors.filter((error) => /bytes received, \d+ listed/.test(error.message)).length).toBeGreaterThan(0);
    graph.truncateDownloads = 0;
    const again = await workflow();
    expect(again.result).toMatchObject({ files_unchanged: 4, files_imported: 0 });
  });
});
