import { join } from 'node:path';
import { RunState } from '@relais/contracts';
import type { DpgfWorkflowResult } from '@relais/domains/dpgf/contracts';
import { ArtifactRepository } from '@relais/persistence';
import { writeFixtureTree } from './fixtures/price-schedule-fixtures';
import { startDpgfWorld, type DpgfWorld } from './dpgf-worker-harness';
import { pricingCounts } from './pricing-database';

describe('dpgf.workflow on a folder, with nothing configured but the folder root', () => {
  let world: DpgfWorld;

  beforeAll(async () => {
    world = await startDpgfWorld();
    await writeFixtureTree(world.root);
  });

  afterAll(async () => {
    await world.stop();
  });

  const workflow = async (params: Record<string, unknown>) => {
    const run = await world.runToEnd('dpgf.workflow', { exclude_dirs: ['archives'], ...params }, 90_000);
    expect(run.error).toBeNull();
    expect(run.state).toBe(RunState.COMPLETED);
    return { ...(run.result as DpgfWorkflowResult), runId: run.id };
  };

  it('dry_run shows what would be imported and writes nothing', async () => {
    const result = await workflow({ dry_run: true });
    expect(result).toMatchObject({ dry_run: true, files_imported: 0, elements: 0 });
    expect(result.previews.map((preview) => [preview.path, preview.type, preview.lots.length])).toEqual(
      expect.arrayContaining([
        ['Habitat Sud/Résidence Les Pins/DPGF-lot 2 et 3.xlsx', 'DPGF', 2],
        ['Ville de Lyon/Ecole Jaurès/Bordereau des prix unitaires.xlsx', 'BPU', 1],
        ['Ville de Lyon/Voirie 2024/DQE voirie.xlsx', 'DQE', 1],
      ]),
    );
    const dpgf = result.previews.find((preview) => preview.type === 'DPGF');
    expect(dpgf?.lots.reduce((sum, lot) => sum + lot.elements, 0)).toBe(11);
    expect(dpgf?.first_rows).toHaveLength(5);
    expect(await pricingCounts(world.pricing)).toMatchObject({ dpgf_imports: 0, elements_ouvrage: 0, clients: 0 });
  });

  it('imports the identified schedules as child runs, reports the corrupt one, and leaves the rest out', async () => {
    const result = await workflow({ parallel_import: true, max_workers: 2 });
    // 8 spreadsheets found outside Archives; the corrupt DPGF is kept on its name and fails at import.
    expect(result).toMatchObject({
      files_scanned: 6,
      files_identified: 4,
      files_downloaded: 4,
      files_unchanged: 0,
      files_imported: 3,
      clients: 2,
      dpgf: 3,
      lots: 4,
      elements: 16,
      mismatches: 1,
    });
    expect(result.errors).toEqual(
      [
        expect.objectContaining({ path: 'Habitat Sud/Résidence Les Pins/DPGF lot 9 corrompu.xlsx', phase: 'import' }),
        expect.objectContaining({ path: 'Habitat Sud/Résidence Les Pins/DPGF lot 9 corrompu.xlsx', phase: 'identify' }),
      ].reverse(),
    );
    expect(await pricingCounts(world.pricing)).toMatchObject({
      clients: 2,
      dpgf_imports: 3,
      dpgf: 3,
      lots: 4,
      elements_ouvrage: 16,
    });

    const reports = await world.worker.get(ArtifactRepository).findByRun(result.runId);
    const text = reports.find((report) => report.kind === 'text');
    expect(text?.key).toMatch(/^workflow_report_\d{8}_\d{6}\.txt$/);
    expect(text?.content).toContain('Éléments: 16');
    expect(reports.find((report) => report.kind === 'json')?.content).toContain('"files_imported": 3');
  });

  it('a second run imports nothing new', async () => {
    const result = await workflow({});
    expect(result).toMatchObject({ files_identified: 4, files_unchanged: 4, files_imported: 0, elements: 0 });
    expect(result.errors.map((error) => error.message)).toContainEqual(
      expect.stringMatching(/^unchanged since its import failed: .*not a readable/),
    );
    expect(await pricingCounts(world.pricing)).toMatchObject({ dpgf_imports: 3, elements_ouvrage: 16 });
  });

  it('stops with a clear message when the folder is outside the roots or the graph source has no credentials', async () => {
    const outside = await world.runToEnd('dpgf.workflow', { root_folder: join(world.root, '..') });
    expect(outside.state).toBe(RunState.FAILED);
    expect(outside.error).toMatch(/outside DPGF_FOLDER_ROOTS/);
    const graph = await world.runToEnd('dpgf.workflow', { source: 'graph' });
    expect(graph.state).toBe(RunState.FAILED);
    expect(graph.error).toMatch(/GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET, GRAPH_DRIVE_ID/);
  });
});
