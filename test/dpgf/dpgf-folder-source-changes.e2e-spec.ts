import { mkdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunState } from '@relais/contracts';
import type { DpgfWorkflowResult } from '@relais/domains/dpgf/contracts';
import { InvalidParamsError, RunLauncher } from '@relais/engine';
import { writeBpu, writeFixtureTree } from './fixtures/price-schedule-fixtures';
import { startDpgfWorld, type DpgfWorld } from './dpgf-worker-harness';
import { pricingCounts } from './pricing-database';

/** A local folder scanned night after night: root_folder confined to the roots, files moved, deleted, put back. */
describe('dpgf.workflow on a folder: root_folder, moved and deleted files', () => {
  let world: DpgfWorld;

  beforeAll(async () => {
    world = await startDpgfWorld();
    await writeFixtureTree(world.root);
  });

  afterAll(async () => {
    await world.stop();
  });

  const workflow = async (params: Record<string, unknown> = {}) => {
    const run = await world.runToEnd('dpgf.workflow', { exclude_dirs: ['archives'], ...params }, 90_000);
    expect(run.error).toBeNull();
    expect(run.state).toBe(RunState.COMPLETED);
    return run.result as DpgfWorkflowResult;
  };
  const imports = () =>
    world.pricing.query<{ source_path: string; source_deleted_at: string | number | null }[]>(
      'SELECT source_path, source_deleted_at FROM dpgf_imports ORDER BY source_path',
    );
  const paths = async () => (await imports()).map((row) => row.source_path);

  it('root_folder scans only that folder under the roots; ".." and folders outside the roots are refused', async () => {
    const lyon = await workflow({ root_folder: join(world.root, 'Ville de Lyon') });
    expect(lyon).toMatchObject({ source: `folder ${join(world.root, 'Ville de Lyon')}`, files_scanned: 3 });
    expect(await paths()).toEqual(['Ecole Jaurès/Bordereau des prix unitaires.xlsx', 'Voirie 2024/DQE voirie.xlsx']);

    // Refused at launch, naming the field, whatever the path resolves to.
    const climbing = world.worker.get(RunLauncher).launch('dpgf.workflow', {
      root_folder: `${world.root}/Ville de Lyon/../Habitat Sud`,
    });
    await expect(climbing).rejects.toBeInstanceOf(InvalidParamsError);
    await expect(climbing).rejects.toThrow(/root_folder: root_folder must not contain a "\.\." segment/);

    const outside = await world.runToEnd('dpgf.workflow', { root_folder: tmpdir() });
    expect(outside.state).toBe(RunState.FAILED);
    expect(outside.error).toContain(`root_folder ${tmpdir()} is outside DPGF_FOLDER_ROOTS`);
    const relative = await world.runToEnd('dpgf.workflow', { root_folder: 'Ville de Lyon' });
    expect(relative.state).toBe(RunState.FAILED);
    expect(relative.error).toMatch(/root_folder must be an absolute path/);

    // The whole root next: the two imports take its paths (same files, by id), the new schedule is imported.
    expect(await workflow()).toMatchObject({ files_scanned: 6, files_moved: 2, files_imported: 1 });
    expect(await paths()).toEqual([
      'Habitat Sud/Résidence Les Pins/DPGF-lot 2 et 3.xlsx',
      'Ville de Lyon/Ecole Jaurès/Bordereau des prix unitaires.xlsx',
      'Ville de Lyon/Voirie 2024/DQE voirie.xlsx',
    ]);
  });

  it('a renamed folder: the import follows its file by content, nothing imported again, nothing flagged', async () => {
    const before = await pricingCounts(world.pricing);
    await rename(join(world.root, 'Ville de Lyon/Voirie 2024'), join(world.root, 'Ville de Lyon/Voirie 2025'));
    const moved = await workflow();
    expect(moved).toMatchObject({ files_moved: 1, files_imported: 0, sources_deleted: 0, deleted_sources: [] });
    expect(await paths()).toContain('Ville de Lyon/Voirie 2025/DQE voirie.xlsx');
    expect(await paths()).not.toContain('Ville de Lyon/Voirie 2024/DQE voirie.xlsx');
    expect((await imports()).every((row) => row.source_deleted_at === null)).toBe(true);
    expect(await pricingCounts(world.pricing)).toEqual(before);
  });

  it('a deleted file is flagged, unflagged when it is put back, and removed only by prune_deleted', async () => {
    const bpu = 'Ville de Lyon/Ecole Jaurès/Bordereau des prix unitaires.xlsx';
    const before = await pricingCounts(world.pricing);
    await rm(join(world.root, bpu));
    const deleted = await workflow();
    expect(deleted).toMatchObject({ sources_deleted: 1, imports_pruned: 0 });
    expect(deleted.deleted_sources).toEqual([expect.objectContaining({ path: bpu, pruned: false })]);
    expect((await imports()).find((row) => row.source_path === bpu)?.source_deleted_at).not.toBeNull();
    expect(await pricingCounts(world.pricing)).toEqual(before);

    // A dry run with prune_deleted says what it would remove and removes nothing.
    const dry = await workflow({ dry_run: true, prune_deleted: true });
    expect(dry).toMatchObject({ imports_pruned: 0, deleted_sources: [expect.objectContaining({ path: bpu })] });
    expect(await pricingCounts(world.pricing)).toEqual(before);

    await mkdir(join(world.root, 'Ville de Lyon/Ecole Jaurès'), { recursive: true });
    await writeBpu(join(world.root, bpu));
    expect(await workflow()).toMatchObject({ sources_deleted: 0, deleted_sources: [] });
    expect((await imports()).find((row) => row.source_path === bpu)?.source_deleted_at).toBeNull();

    await rm(join(world.root, bpu));
    const pruned = await workflow({ prune_deleted: true });
    expect(pruned).toMatchObject({ sources_deleted: 1, imports_pruned: 1 });
    expect(await paths()).not.toContain(bpu);
    expect((await pricingCounts(world.pricing)).dpgf_imports).toBe(before.dpgf_imports - 1);
  });
});
