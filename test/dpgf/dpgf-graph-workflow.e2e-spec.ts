import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { RunState } from '@relais/contracts';
import type { DpgfWorkflowResult } from '@relais/domains/dpgf/contracts';
import { RunLogRepository } from '@relais/persistence';
import { writeTwoLotDpgf } from './fixtures/price-schedule-fixtures';
import type { DpgfWorld } from './dpgf-worker-harness';
import { useGraphDpgfWorld } from './graph-dpgf-world';
import { pricingCounts } from './pricing-database';

describe('dpgf.workflow on SharePoint through the fake Microsoft Graph and Entra ID', () => {
  const graphWorld = useGraphDpgfWorld();
  const { entra, graph } = graphWorld;
  let world: DpgfWorld;
  beforeAll(() => {
    ({ world } = graphWorld);
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
    // The corrupt file's import failed: the delta link is not stored yet.
    expect(result).toMatchObject({ scan_mode: 'full', delta_advanced: false });
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

  it('later runs list only what changed (delta), and the delta link moves only once every change is imported', async () => {
    // Run 1 left the corrupt file's import failed: its link was not stored, so this run lists everything again,
    // sets the known-broken content aside, and stores the link.
    const second = await workflow();
    expect(second.result).toMatchObject({
      scan_mode: 'full',
      files_imported: 0,
      files_unchanged: 4,
      delta_advanced: true,
    });

    // Nothing changed: the delta lists nothing, nothing is downloaded or walked.
    graph.reset();
    const quiet = await workflow();
    expect(quiet.result).toMatchObject({
      scan_mode: 'changes',
      files_scanned: 0,
      files_imported: 0,
      delta_advanced: true,
    });
    expect(graph.requests.some((request) => request.path.includes('/children'))).toBe(false);
    expect(graph.requests.some((request) => request.path.startsWith('/download/'))).toBe(false);

    // One file changes (delta answers carry no path: it is rebuilt from parent ids), its download comes short:
    // the link stays, so the next run sees the change again and imports it.
    await writeTwoLotDpgf(join(world.root, 'Ville de Lyon/Voirie 2024/DQE voirie.xlsx'));
    await rm(join(world.root, 'Ville de Lyon/Ecole Jaurès/Bordereau des prix unitaires.xlsx'));
    await graph.loadFolder(world.root);
    graph.truncateDownloads = 10;
    const failed = await workflow();
    graph.truncateDownloads = 0;
    expect(failed.result).toMatchObject({
      scan_mode: 'changes',
      files_scanned: 1,
      files_imported: 0,
      delta_advanced: false,
    });
    expect(failed.result.errors.map((error) => error.message).join()).toMatch(/bytes received, \d+ listed/);
    // The deleted file's import is flagged at once, whatever becomes of the other change.
    expect(failed.result).toMatchObject({
      sources_deleted: 1,
      deleted_sources: [
        expect.objectContaining({
          path: 'Ville de Lyon/Ecole Jaurès/Bordereau des prix unitaires.xlsx',
          pruned: false,
        }),
      ],
    });
    const retried = await workflow();
    expect(retried.result).toMatchObject({
      scan_mode: 'changes',
      files_scanned: 1,
      files_imported: 1,
      delta_advanced: true,
    });
    // The new version replaced the old one; the deleted file's import stays, flagged (the pricing data is the
    // business's: only prune_deleted removes it), and is not counted as newly deleted again.
    expect(retried.result).toMatchObject({ sources_deleted: 0, deleted_sources: [expect.anything()] });
    const imports = await world.pricing.query<{ source_path: string; elements: number }[]>(
      'SELECT source_path, elements FROM dpgf_imports ORDER BY source_path',
    );
    const elementsOf = (path: string) => imports.find((row) => row.source_path === path)?.elements;
    expect(imports).toHaveLength(3);
    expect(elementsOf('Ville de Lyon/Voirie 2024/DQE voirie.xlsx')).toBe(
      elementsOf('Habitat Sud/Résidence Les Pins/DPGF-lot 2 et 3.xlsx'),
    );
    expect((await workflow()).result).toMatchObject({ scan_mode: 'changes', files_scanned: 0, files_imported: 0 });

    // Graph forgot the link (410 resyncRequired): the folder is listed whole, nothing new to import.
    graph.expireDeltaTokens();
    const resync = await workflow();
    expect(resync.result).toMatchObject({
      scan_mode: 'full',
      files_scanned: 5,
      files_imported: 0,
      delta_advanced: true,
    });
  });
});
