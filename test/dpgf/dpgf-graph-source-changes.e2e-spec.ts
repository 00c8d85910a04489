import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { RunState } from '@relais/contracts';
import type { DpgfWorkflowResult } from '@relais/domains/dpgf/contracts';
import { PricingBrowseRepository } from '@relais/domains/dpgf/gateway/pricing-browse.repository';
import { ArtifactRepository } from '@relais/persistence';
import { writeTwoLotDpgf } from './fixtures/price-schedule-fixtures';
import type { DpgfWorld } from './dpgf-worker-harness';
import { useGraphDpgfWorld } from './graph-dpgf-world';
import { pricingCounts } from './pricing-database';

/** What a nightly SharePoint delta must handle: root_folder scopes, renamed or moved folders and files, deletions. */
describe('dpgf.workflow on SharePoint: what a nightly delta brings', () => {
  const graphWorld = useGraphDpgfWorld();
  const { graph } = graphWorld;
  let world: DpgfWorld;
  beforeAll(() => {
    ({ world } = graphWorld);
  });

  const workflow = async (params: Record<string, unknown> = {}) => {
    const run = await world.runToEnd(
      'dpgf.workflow',
      { source: 'graph', exclude_dirs: ['Archives'], ...params },
      90_000,
    );
    expect(run.error).toBeNull();
    expect(run.state).toBe(RunState.COMPLETED);
    return { ...(run.result as DpgfWorkflowResult), runId: run.id };
  };
  const imports = () =>
    world.pricing.query<{ source_path: string; source_deleted_at: string | number | null }[]>(
      'SELECT source_path, source_deleted_at FROM dpgf_imports ORDER BY source_path',
    );
  const paths = async () => (await imports()).map((row) => row.source_path);
  const downloads = () => graph.requests.filter((request) => request.path.startsWith('/download/')).length;

  it('root_folder: only that folder is scanned, paths are relative to it, and its delta state is its own', async () => {
    const lyon = await workflow({ root_folder: 'Ville de Lyon' });
    expect(lyon).toMatchObject({
      source: 'SharePoint drive b!drive-etudes:Ville de Lyon',
      scan_mode: 'full',
      files_scanned: 3,
      files_imported: 2,
      delta_advanced: true,
    });
    expect(await paths()).toEqual(['Ecole Jaurès/Bordereau des prix unitaires.xlsx', 'Voirie 2024/DQE voirie.xlsx']);
    expect(await workflow({ root_folder: 'Ville de Lyon' })).toMatchObject({ scan_mode: 'changes', files_scanned: 0 });

    // Another scope does not reuse that link: it walks the whole drive. The imports found by id take its paths
    // (nothing downloaded twice for them), and the new schedule is imported.
    const whole = await workflow();
    expect(whole).toMatchObject({ scan_mode: 'full', files_scanned: 6, files_moved: 2, files_imported: 1 });
    expect(await paths()).toEqual([
      'Habitat Sud/Résidence Les Pins/DPGF-lot 2 et 3.xlsx',
      'Ville de Lyon/Ecole Jaurès/Bordereau des prix unitaires.xlsx',
      'Ville de Lyon/Voirie 2024/DQE voirie.xlsx',
    ]);

    const missing = await world.runToEnd('dpgf.workflow', { source: 'graph', root_folder: 'Ville de Paris' });
    expect(missing.state).toBe(RunState.FAILED);
    expect(missing.error).toMatch(/root_folder Ville de Paris is not a folder/);
  });

  it('a renamed folder moves the imports below it, without downloading them, and a later change finds them', async () => {
    // The corrupt file kept the link back: this run lists everything again and stores it.
    expect(await workflow()).toMatchObject({ scan_mode: 'full', delta_advanced: true, files_imported: 0 });

    await graph.move(world.root, 'Ville de Lyon/Voirie 2024', 'Ville de Lyon/Voirie 2025');
    graph.reset();
    const renamed = await workflow();
    expect(renamed).toMatchObject({ scan_mode: 'changes', files_scanned: 0, files_moved: 1, delta_advanced: true });
    expect(downloads()).toBe(0);
    expect(await paths()).toContain('Ville de Lyon/Voirie 2025/DQE voirie.xlsx');
    expect(await paths()).not.toContain('Ville de Lyon/Voirie 2024/DQE voirie.xlsx');
    // What shows the path shows the new one: the browse API's imports and schedules.
    const browse = new PricingBrowseRepository(world.pricing);
    const listed = await browse.imports({ limit: 50, offset: 0, search: 'voirie 2025' });
    expect(listed.items).toEqual([
      expect.objectContaining({ path: 'Ville de Lyon/Voirie 2025/DQE voirie.xlsx', source_deleted_at: null }),
    ]);
    expect((await browse.dpgf({ limit: 50, offset: 0, type: 'DQE' })).items.map((row) => row.sourceFile)).toEqual([
      'Ville de Lyon/Voirie 2025/DQE voirie.xlsx',
    ]);

    // A file changed below the renamed folder replaces its own import: no duplicate, no stale path.
    await writeTwoLotDpgf(join(world.root, 'Ville de Lyon/Voirie 2025/DQE voirie.xlsx'));
    await graph.loadFolder(world.root);
    expect(await workflow()).toMatchObject({ scan_mode: 'changes', files_scanned: 1, files_imported: 1 });
    expect((await paths()).filter((path) => path.includes('Voirie'))).toEqual([
      'Ville de Lyon/Voirie 2025/DQE voirie.xlsx',
    ]);
  });

  it('a renamed and moved file keeps its import, known unchanged by its hash without a download', async () => {
    await graph.move(
      world.root,
      'Habitat Sud/Résidence Les Pins/DPGF-lot 2 et 3.xlsx',
      'Habitat Sud/DPGF lots 2 et 3 (signé).xlsx',
    );
    graph.reset();
    const before = await pricingCounts(world.pricing);
    const moved = await workflow();
    expect(moved).toMatchObject({ files_scanned: 1, files_moved: 1, files_unchanged: 1, files_imported: 0 });
    expect(downloads()).toBe(0);
    expect(await paths()).toContain('Habitat Sud/DPGF lots 2 et 3 (signé).xlsx');
    expect(await pricingCounts(world.pricing)).toEqual(before);
  });

  it('a folder moved in from an excluded one is walked: the files it brings are not reported one by one', async () => {
    await graph.move(world.root, 'Archives', 'Ville de Lyon/Archives 2023');
    graph.reset();
    const movedIn = await workflow();
    expect(movedIn).toMatchObject({ scan_mode: 'changes', files_scanned: 1, files_imported: 1 });
    expect(await paths()).toContain('Ville de Lyon/Archives 2023/DQE ancien.xlsx');
    expect(graph.requests.filter((request) => request.path.endsWith('/children'))).toHaveLength(1);
  });

  it('a deleted folder flags the imports below it, every report lists them, and only prune_deleted removes them', async () => {
    await rm(join(world.root, 'Ville de Lyon/Ecole Jaurès'), { recursive: true });
    await graph.loadFolder(world.root);
    const before = await pricingCounts(world.pricing);
    const deleted = await workflow();
    const bpu = 'Ville de Lyon/Ecole Jaurès/Bordereau des prix unitaires.xlsx';
    expect(deleted).toMatchObject({ scan_mode: 'changes', sources_deleted: 1, imports_pruned: 0 });
    expect(deleted.deleted_sources).toEqual([expect.objectContaining({ path: bpu, pruned: false })]);
    expect(await pricingCounts(world.pricing)).toEqual(before);
    expect((await imports()).find((row) => row.source_path === bpu)?.source_deleted_at).not.toBeNull();
    const reports = await world.worker.get(ArtifactRepository).findByRun(deleted.runId);
    const text = reports.find((report) => report.kind === 'text')?.content ?? '';
    expect(text).toContain('Sources supprimées: 1');
    expect(text).toContain(`${bpu} (disparu le `);
    const browse = new PricingBrowseRepository(world.pricing);
    expect((await browse.imports({ limit: 50, offset: 0, search: 'bordereau' })).items[0].source_deleted_at).toMatch(
      /^\d{4}-\d\d-\d\dT/,
    );

    const flagged = await browse.imports({ limit: 50, offset: 0, source_deleted: true });
    expect(flagged.items.map((row) => row.path)).toEqual([bpu]);
    const kept = await browse.imports({ limit: 50, offset: 0, source_deleted: false });
    expect(kept.total).toBe(before.dpgf_imports - 1);

    // A quiet night: nothing newly deleted, the flagged import still listed.
    const quiet = await workflow();
    expect(quiet).toMatchObject({ files_scanned: 0, sources_deleted: 0 });
    expect(quiet.deleted_sources.map((row) => row.path)).toEqual([bpu]);

    const pruned = await workflow({ prune_deleted: true });
    expect(pruned).toMatchObject({ imports_pruned: 1 });
    expect(pruned.deleted_sources).toEqual([expect.objectContaining({ path: bpu, pruned: true })]);
    expect(await paths()).not.toContain(bpu);
    const after = await pricingCounts(world.pricing);
    expect(after.dpgf_imports).toBe(before.dpgf_imports - 1);
    expect(after.dpgf).toBe(before.dpgf - 1);
    expect(after.elements_ouvrage).toBeLessThan(before.elements_ouvrage);
    expect((await workflow()).deleted_sources).toEqual([]);
  });

  it('a full walk asks Graph about the imported files it did not find: deleted ones are flagged, others not', async () => {
    const moved = 'Habitat Sud/DPGF lots 2 et 3 (signé).xlsx';
    await rm(join(world.root, moved));
    await graph.loadFolder(world.root);
    graph.expireDeltaTokens();
    // Archives 2023 is excluded here: its imported file is not listed, but it is still in the drive.
    const resync = await workflow({ exclude_dirs: ['Archives', 'Archives 2023'] });
    expect(resync).toMatchObject({ scan_mode: 'full', sources_deleted: 1 });
    expect(resync.deleted_sources).toEqual([expect.objectContaining({ path: moved, pruned: false })]);
    const flagged = (await imports()).filter((row) => row.source_deleted_at !== null).map((row) => row.source_path);
    expect(flagged).toEqual([moved]);
    expect(await paths()).toContain('Ville de Lyon/Archives 2023/DQE ancien.xlsx');
  });

  it("a file moved alone out of a root_folder scope flags its import; another scope's file moving outside does not", async () => {
    await writeTwoLotDpgf(join(world.root, 'Nouveau Client/Lot A/DPGF lot A.xlsx'));
    await graph.loadFolder(world.root);
    const scope = { root_folder: 'Nouveau Client' };
    expect(await workflow(scope)).toMatchObject({ scan_mode: 'full', files_imported: 1 });
    const own = 'Lot A/DPGF lot A.xlsx';
    expect(await paths()).toContain(own);

    // Out of the scanned folder on its own (the delta reports the file alone, at its new place), while a file of
    // the whole drive's scope is renamed outside this scope's folder.
    await graph.move(world.root, 'Nouveau Client/Lot A/DPGF lot A.xlsx', 'DPGF lot A.xlsx');
    const others = 'Ville de Lyon/Voirie 2025/DQE voirie.xlsx';
    await graph.move(world.root, others, 'Ville de Lyon/Voirie 2025/DQE voirie (v2).xlsx');
    graph.reset();
    const left = await workflow(scope);
    expect(left).toMatchObject({ scan_mode: 'changes', files_scanned: 0, sources_deleted: 1, imports_pruned: 0 });
    expect(left.deleted_sources).toContainEqual(expect.objectContaining({ path: own, pruned: false }));
    const flagged = (await imports()).filter((row) => row.source_deleted_at !== null).map((row) => row.source_path);
    expect(flagged).toContain(own);
    expect(flagged).not.toContain(others);
    expect(downloads()).toBe(0);

    // Back in the folder: the flag is cleared, nothing imported again (same content hash).
    await graph.move(world.root, 'DPGF lot A.xlsx', 'Nouveau Client/Lot A/DPGF lot A.xlsx');
    const back = await workflow(scope);
    expect(back).toMatchObject({ scan_mode: 'changes', files_scanned: 1, files_imported: 0, sources_deleted: 0 });
    expect((await imports()).find((row) => row.source_path === own)?.source_deleted_at).toBeNull();
  });
});
