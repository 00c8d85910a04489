import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ImportSourcesRepository, PricingImportRepository } from '@relais/domains/dpgf/persistence';
import { parsePriceSchedule } from '@relais/domains/dpgf/schedule/price-schedule.parser';
import { testTempDir } from '../support/test-env';
import { writeBpu, writeTwoLotDpgf } from './fixtures/price-schedule-fixtures';
import { openPricingDatabase, pricingCounts } from './pricing-database';

describe('The import bookkeeping follows files at their source (real database, migrations applied)', () => {
  let pricing: Awaited<ReturnType<typeof openPricingDatabase>>;
  let sources: ImportSourcesRepository;
  let importer: PricingImportRepository;
  let directory: string;

  const file = (path: string, sha: string) => ({
    source: 'graph',
    sourceId: `ID-${sha}`,
    path,
    sha256: sha.repeat(64),
    sizeBytes: 1,
  });
  const importOf = async (name: string, path: string, sha: string) => {
    const workbook = join(directory, name);
    const type = name.startsWith('bpu') ? 'BPU' : 'DPGF';
    return importer.replaceImport(
      file(path, sha),
      await parsePriceSchedule(workbook, { relativePath: path, type }),
      100,
    );
  };
  const rowOf = async (id: number) => (await sources.importsOf('graph')).find((row) => row.id === id);

  beforeAll(async () => {
    pricing = await openPricingDatabase();
    sources = new ImportSourcesRepository(pricing.dataSource);
    importer = new PricingImportRepository(pricing.dataSource);
    directory = await testTempDir('dpgf-import-sources-');
    await writeTwoLotDpgf(join(directory, 'dpgf.xlsx'));
    await writeBpu(join(directory, 'bpu.xlsx'));
  });

  afterAll(async () => {
    await pricing.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('moves an import, its schedule and its remembered failure to a new path, unless another import holds it', async () => {
    const moved = await importOf('dpgf.xlsx', 'Sud/Pins/DPGF.xlsx', 'a');
    const other = await importOf('bpu.xlsx', 'Lyon/BPU.xlsx', 'b');
    await importer.recordFailure({ ...file('Sud/Pins/DPGF.xlsx', 'c') }, 'not a workbook');

    expect(await sources.relocate('graph', moved.importId, { sourceId: 'ID-a', path: 'Sud/Les Pins/DPGF.xlsx' })).toBe(
      true,
    );
    expect(await rowOf(moved.importId)).toMatchObject({ path: 'Sud/Les Pins/DPGF.xlsx', sourceId: 'ID-a' });
    expect(await importer.findImport('graph', 'Sud/Les Pins/DPGF.xlsx')).toMatchObject({ id: moved.importId });
    expect(await importer.findImport('graph', 'Sud/Pins/DPGF.xlsx')).toBeNull();
    expect(await importer.findFailure('graph', 'Sud/Les Pins/DPGF.xlsx')).toMatchObject({ message: 'not a workbook' });
    const [schedule] = await pricing.dataSource.query<{ fichier_source: string }[]>(
      'SELECT fichier_source FROM dpgf WHERE id_import = ?',
      [moved.importId],
    );
    expect(schedule.fichier_source).toBe('Sud/Les Pins/DPGF.xlsx');

    expect(await sources.relocate('graph', moved.importId, { sourceId: 'ID-a', path: 'Lyon/BPU.xlsx' })).toBe(false);
    expect(await rowOf(moved.importId)).toMatchObject({ path: 'Sud/Les Pins/DPGF.xlsx' });
    expect(await rowOf(other.importId)).toMatchObject({ path: 'Lyon/BPU.xlsx' });
  });

  it('records the source hash only on the import of that content', async () => {
    const bpu = (await importer.findImport('graph', 'Lyon/BPU.xlsx'))?.id as number;
    await sources.recordTag('graph', 'Lyon/BPU.xlsx', 'f'.repeat(64), 'stale');
    expect((await rowOf(bpu))?.sourceTag).toBeNull();
    await sources.recordTag('graph', 'Lyon/BPU.xlsx', 'b'.repeat(64), 'xor-b');
    expect((await rowOf(bpu))?.sourceTag).toBe('xor-b');
  });

  it('flags a gone import once, unflags it, and prunes only flagged imports with their data', async () => {
    const bpu = (await importer.findImport('graph', 'Lyon/BPU.xlsx'))?.id as number;
    await sources.markDeleted([bpu], 1_000);
    await sources.markDeleted([bpu], 2_000);
    expect((await rowOf(bpu))?.sourceDeletedAt).toBe(1_000);
    expect(await sources.goneWithContent('graph', 'b'.repeat(64))).toMatchObject({ id: bpu });
    await sources.restore([bpu]);
    expect((await rowOf(bpu))?.sourceDeletedAt).toBeNull();
    expect(await sources.goneWithContent('graph', 'b'.repeat(64))).toBeNull();

    const before = await pricingCounts(pricing.dataSource);
    expect(await sources.prune(bpu)).toBe(false);
    expect(await pricingCounts(pricing.dataSource)).toEqual(before);
    await sources.markDeleted([bpu], 3_000);
    expect(await sources.prune(bpu)).toBe(true);
    const after = await pricingCounts(pricing.dataSource);
    expect(after).toMatchObject({ dpgf_imports: before.dpgf_imports - 1, dpgf: before.dpgf - 1 });
    expect(after.elements_ouvrage).toBeLessThan(before.elements_ouvrage);
    expect(await rowOf(bpu)).toBeUndefined();
  });
});
