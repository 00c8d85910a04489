import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import {
  DpgfImportEntity,
  ElementOuvrageEntity,
  PricingImportRepository,
  SectionEntity,
  type ImportCounts,
  type ImportedFile,
} from '@relais/domains/dpgf/persistence';
import { parsePriceSchedule } from '@relais/domains/dpgf/schedule/price-schedule.parser';
import type { ParsedSchedule } from '@relais/domains/dpgf/schedule/price-schedule.types';
import { testTempDir } from '../support/test-env';
import { LONG_DESIGNATION, writeGeneratedDpgf, writeTwoLotDpgf } from './fixtures/price-schedule-fixtures';
import { openPricingDatabase, pricingCounts } from './pricing-database';

const FILE: ImportedFile = {
  source: 'file',
  sourceId: 'Habitat Sud/Résidence Les Pins/DPGF-lot 2 et 3.xlsx',
  path: 'Habitat Sud/Résidence Les Pins/DPGF-lot 2 et 3.xlsx',
  sha256: 'a'.repeat(64),
  sizeBytes: 12_345,
};

describe('Pricing import into the pricing database (migrations on the test engine)', () => {
  let pricing: Awaited<ReturnType<typeof openPricingDatabase>>;
  let dataSource: DataSource;
  let repository: PricingImportRepository;
  let schedule: ParsedSchedule;
  let directory: string;

  beforeAll(async () => {
    pricing = await openPricingDatabase();
    dataSource = pricing.dataSource;
    repository = new PricingImportRepository(dataSource);
    directory = await testTempDir('dpgf-import-');
    await writeTwoLotDpgf(join(directory, 'dpgf.xlsx'));
    schedule = await parsePriceSchedule(join(directory, 'dpgf.xlsx'), { relativePath: FILE.path, type: 'DPGF' });
  });

  afterAll(async () => {
    await pricing.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('imports a workbook: client, dpgf, two lots, the section tree and every element with DECIMAL amounts', async () => {
    const counts = await repository.replaceImport(FILE, schedule, 3);
    expect(counts).toMatchObject({
      client: 'Habitat Sud',
      lots: 2,
      sections: 8,
      elements: 11,
      mismatches: 1,
      replaced: 0,
    });
    expect(await pricingCounts(dataSource)).toEqual({
      clients: 1,
      dpgf_imports: 1,
      dpgf: 1,
      lots: 2,
      sections: 8,
      elements_ouvrage: 11,
    });
    const elements = await dataSource.getRepository(ElementOuvrageEntity).find({ order: { id: 'ASC' } });
    expect(elements[1]).toMatchObject({ quantity: 35.5, unitPrice: 42, total: 1491, unit: 'm3', article: '1.1.2' });
    expect(elements.find((element) => element.designation.length > 1000)?.designation).toBe(LONG_DESIGNATION);
    expect(elements.filter((element) => element.mismatch).map((element) => element.total)).toEqual([1500]);
    const sections = await dataSource.getRepository(SectionEntity).find({ order: { id: 'ASC' } });
    const byId = new Map(sections.map((section) => [section.id, section]));
    expect(sections.map((s) => [s.number, s.level, s.parentId === null ? null : byId.get(s.parentId)?.number])).toEqual(
      [
        ['1', 1, null],
        ['1.1', 2, '1'],
        ['1.2', 2, '1'],
        ['2', 1, null],
        ['I', 1, null],
        ['A', 2, 'I'],
        ['B', 2, 'I'],
        ['II', 1, null],
      ],
    );
    const imported = await repository.findImport('file', FILE.path);
    expect(imported).toMatchObject({
      sha256: FILE.sha256,
      sizeBytes: 12_345,
      elements: 11,
      sheets: ['Lot 02 - Gros oeuvre', 'Lot 03 - Charpente'],
    });
  });

  it('replaces the previous import of the same path instead of duplicating it', async () => {
    const counts = await repository.replaceImport({ ...FILE, sha256: 'b'.repeat(64) }, schedule, 100);
    expect(counts.replaced).toBe(1);
    expect(await pricingCounts(dataSource)).toMatchObject({
      clients: 1,
      dpgf_imports: 1,
      dpgf: 1,
      lots: 2,
      elements_ouvrage: 11,
    });
  });

  it('replaces an import of the same content found under another path', async () => {
    await repository.replaceImport({ ...FILE, path: 'Moved/DPGF.xlsx', sha256: 'b'.repeat(64) }, schedule, 100);
    expect(await pricingCounts(dataSource)).toMatchObject({ dpgf_imports: 1, dpgf: 1, elements_ouvrage: 11 });
    expect((await dataSource.getRepository(DpgfImportEntity).find())[0].sourcePath).toBe('Moved/DPGF.xlsx');
  });

  it('writes nothing of a file whose import fails half-way, and keeps its previous import', async () => {
    const before = await pricingCounts(dataSource);
    const broken: ParsedSchedule = structuredClone(schedule);
    // The second lot's last element cannot be stored (a designation is required): the first lot must not stay.
    const lastSection = broken.lots[1].sections[3];
    lastSection.elements[0].designation = null as unknown as string;
    await expect(
      repository.replaceImport({ ...FILE, path: 'Moved/DPGF.xlsx', sha256: 'c'.repeat(64) }, broken, 100),
    ).rejects.toThrow();
    expect(await pricingCounts(dataSource)).toEqual(before);
    expect((await repository.findImport('file', 'Moved/DPGF.xlsx'))?.sha256).toBe('b'.repeat(64));
  });

  it('fails the import when an INSERT left running while the next batch is parsed fails', async () => {
    const before = await pricingCounts(dataSource);
    const broken: ParsedSchedule = structuredClone(schedule);
    // The first batch (of 1) cannot be stored; its INSERT runs while the next batches are handed on.
    broken.lots[0].sections.find((section) => section.elements.length > 0)!.elements[0].designation =
      null as unknown as string;
    await expect(
      repository.replaceImport({ ...FILE, path: 'Moved/DPGF.xlsx', sha256: 'e'.repeat(64) }, broken, 1),
    ).rejects.toThrow();
    expect(await pricingCounts(dataSource)).toEqual(before);
    expect((await repository.findImport('file', 'Moved/DPGF.xlsx'))?.sha256).toBe('b'.repeat(64));
  });

  it('imports as it parses (batches of 2): the same rows as from a parsed schedule, in the same order', async () => {
    const rowsOf = async () => ({
      elements: (await dataSource.getRepository(ElementOuvrageEntity).find({ order: { id: 'ASC' } })).map((element) => [
        element.article,
        element.designation,
        element.total,
        element.mismatch,
      ]),
      sections: (await dataSource.getRepository(SectionEntity).find({ order: { id: 'ASC' } })).map((section) => [
        section.number,
        section.level,
      ]),
    });
    const parsedRows = await rowsOf();
    const path = join(directory, 'dpgf.xlsx');
    const counts = await repository.importStreamed(
      { ...FILE, path: 'Moved/DPGF.xlsx', sha256: 'b'.repeat(64) },
      'DPGF',
      (sink) => parsePriceSchedule(path, { relativePath: FILE.path, type: 'DPGF' }, sink),
      2,
    );
    expect(counts).toMatchObject({ client: 'Habitat Sud', lots: 2, sections: 8, elements: 11, mismatches: 1 });
    expect(await rowsOf()).toEqual(parsedRows);
    expect((await repository.findImport('file', 'Moved/DPGF.xlsx'))?.sheets).toEqual([
      'Lot 02 - Gros oeuvre',
      'Lot 03 - Charpente',
    ]);
  });

  it('writes nothing when parsing fails after some batches were written', async () => {
    const before = await pricingCounts(dataSource);
    const path = join(directory, 'dpgf.xlsx');
    await expect(
      repository.importStreamed(
        { ...FILE, path: 'Moved/DPGF.xlsx', sha256: 'd'.repeat(64) },
        'DPGF',
        async (sink) => {
          await parsePriceSchedule(path, { relativePath: FILE.path, type: 'DPGF' }, sink);
          throw new Error('the workbook turned out to be unreadable at its end');
        },
        2,
      ),
    ).rejects.toThrow(/unreadable at its end/);
    expect(await pricingCounts(dataSource)).toEqual(before);
  });
  it('reads a file while another import holds its turn to write, and writes it once that one has ended', async () => {
    const path = join(directory, 'dpgf.xlsx');
    let releaseFirst = (): void => undefined;
    const firstMayEnd = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let firstEnded = false;
    const first = repository
      .importStreamed(
        { ...FILE, path: 'Turns/First.xlsx', sha256: 'f'.repeat(64) },
        'DPGF',
        async (sink) => {
          const parsed = await parsePriceSchedule(path, { relativePath: FILE.path, type: 'DPGF' }, sink);
          await firstMayEnd; // its transaction stays open: on SQLite, the only write turn is held
          return parsed;
        },
        2,
      )
      .finally(() => {
        firstEnded = true;
      });
    let secondReadWhileFirstHeldTurn = false;
    let secondRead: () => void = () => undefined;
    const secondReading = new Promise<void>((resolve) => {
      secondRead = resolve;
    });
    const second = repository.importStreamed(
      { ...FILE, path: 'Turns/Second.xlsx', sha256: '9'.repeat(64) },
      'DPGF',
      async (sink) => {
        const parsed = await parsePriceSchedule(path, { relativePath: FILE.path, type: 'DPGF' }, sink);
        secondReadWhileFirstHeldTurn = !firstEnded;
        secondRead();
        return parsed;
      },
      2,
    );

    // Before, the second file was read only once the first import had committed: this waited for ever.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      secondReading,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('the second file was not read meanwhile')), 10_000);
      }),
    ]).finally(() => clearTimeout(timer));
    releaseFirst();
    const [firstCounts, secondCounts] = await Promise.all([first, second]);

    expect(secondReadWhileFirstHeldTurn).toBe(true);
    expect(firstCounts).toMatchObject({ lots: 2, sections: 8, elements: 11 });
    expect(secondCounts).toMatchObject({ lots: 2, sections: 8, elements: 11 });
    const elementsOf = async (importPath: string): Promise<number> =>
      (await repository.findImport('file', importPath))?.elements ?? -1;
    expect([await elementsOf('Turns/First.xlsx'), await elementsOf('Turns/Second.xlsx')]).toEqual([11, 11]);
  });
  it('imports several files at once (parallel_import) without the imports deadlocking each other', async () => {
    const files = await Promise.all(
      Array.from({ length: 8 }, async (_, index) => {
        const path = join(directory, `parallel-${index}.xlsx`);
        await writeGeneratedDpgf(path, 6, 50, index);
        return path;
      }),
    );
    const importAll = (version: string): Promise<ImportCounts[]> =>
      Promise.all(
        files.map((path, index) =>
          repository.importStreamed(
            { ...FILE, path: `Parallel/DPGF-${index}.xlsx`, sha256: `${version}${index}`.padEnd(64, '0') },
            'DPGF',
            (sink) => parsePriceSchedule(path, { relativePath: `Parallel/DPGF-${index}.xlsx`, type: 'DPGF' }, sink),
            20,
          ),
        ),
      );

    // The first imports, then new versions of every file replacing them (their deletions run at once too).
    const first = await importAll('1');
    const replaced = await importAll('2');

    for (const counts of [...first, ...replaced]) expect(counts).toMatchObject({ lots: 1, sections: 6, elements: 300 });
    expect(replaced.map((counts) => counts.replaced)).toEqual(files.map(() => 1));
  });
});
