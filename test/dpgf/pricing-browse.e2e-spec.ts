import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PricingBrowseRepository, type SectionNode } from '@relais/domains/dpgf/gateway/pricing-browse.repository';
import { PricingImportRepository } from '@relais/domains/dpgf/persistence';
import { parsePriceSchedule } from '@relais/domains/dpgf/schedule/price-schedule.parser';
import { testTempDir } from '../support/test-env';
import { writeBpu, writeTwoLotDpgf } from './fixtures/price-schedule-fixtures';
import { openPricingDatabase } from './pricing-database';

describe('Browsing the pricing database: clients → dpgf → lots → section tree with elements', () => {
  let pricing: Awaited<ReturnType<typeof openPricingDatabase>>;
  let browse: PricingBrowseRepository;
  let directory: string;

  beforeAll(async () => {
    pricing = await openPricingDatabase();
    browse = new PricingBrowseRepository(pricing.dataSource);
    const importer = new PricingImportRepository(pricing.dataSource);
    directory = await testTempDir('dpgf-browse-');
    await writeTwoLotDpgf(join(directory, 'dpgf.xlsx'));
    await writeBpu(join(directory, 'bpu.xlsx'));
    const file = (path: string, sha: string) => ({
      source: 'file',
      sourceId: path,
      path,
      sha256: sha.repeat(64),
      sizeBytes: 1,
    });
    const dpgf = 'Habitat Sud/Résidence Les Pins/DPGF-lot 2 et 3.xlsx';
    const bpu = 'Ville de Lyon/Ecole/BPU 100%.xlsx';
    await importer.replaceImport(
      file(dpgf, 'a'),
      await parsePriceSchedule(join(directory, 'dpgf.xlsx'), { relativePath: dpgf, type: 'DPGF' }),
      100,
    );
    await importer.replaceImport(
      file(bpu, 'b'),
      await parsePriceSchedule(join(directory, 'bpu.xlsx'), { relativePath: bpu, type: 'BPU' }),
      100,
    );
  });

  afterAll(async () => {
    await pricing.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('lists clients and dpgf, filtered and paginated', async () => {
    const clients = await browse.clients({ limit: 1, offset: 0 });
    expect(clients).toMatchObject({ total: 2, limit: 1, items: [{ name: 'Habitat Sud' }] });
    expect((await browse.clients({ limit: 50, offset: 1 })).items.map((client) => client.name)).toEqual([
      'Ville de Lyon',
    ]);
    expect((await browse.clients({ limit: 50, offset: 0, search: 'LYON' })).items).toHaveLength(1);
    const lyon = (await browse.clients({ limit: 50, offset: 0, search: 'lyon' })).items[0];
    expect(await browse.dpgf({ limit: 50, offset: 0, client_id: lyon.id })).toMatchObject({
      total: 1,
      items: [{ type: 'BPU', project: 'Ecole' }],
    });
    expect((await browse.dpgf({ limit: 50, offset: 0, type: 'DPGF' })).items.map((dpgf) => dpgf.project)).toEqual([
      'Résidence Les Pins',
    ]);
    // LIKE's wildcards in a search are literal: "100%" matches the file named so, "%" alone matches no project.
    expect((await browse.dpgf({ limit: 50, offset: 0, search: '100%' })).total).toBe(1);
    expect((await browse.dpgf({ limit: 50, offset: 0, search: '_' })).total).toBe(0);
  });

  it('returns a lot as a tree of sections holding a page of its elements, filterable by text and mismatch', async () => {
    const dpgf = (await browse.dpgf({ limit: 50, offset: 0, type: 'DPGF' })).items[0];
    const lots = await browse.lotsOf(dpgf.id);
    expect(lots.map((lot) => lot.number)).toEqual(['2', '3']);
    const tree = await browse.sectionTree(lots[0].id, { limit: 500, offset: 0 });
    const outline = (nodes: SectionNode[]): unknown[] =>
      nodes.map((node) => [node.number, node.elements.length, outline(node.children)]);
    expect(outline(tree.sections)).toEqual([
      [
        '1',
        0,
        [
          ['1.1', 2, []],
          ['1.2', 1, []],
        ],
      ],
      ['2', 4, []],
    ]);
    expect(tree.elements).toEqual({ total: 7, limit: 500, offset: 0 });
    const paged = await browse.sectionTree(lots[0].id, { limit: 2, offset: 2 });
    expect(paged.elements.total).toBe(7);
    expect(
      paged.sections
        .flatMap((node) => [...node.elements, ...node.children.flatMap((child) => child.elements)])
        .map((e) => e.article),
    ).toEqual(['1.2.1', '2.1']);
    const flagged = await browse.sectionTree(lots[0].id, { limit: 50, offset: 0, mismatch: true });
    expect(flagged.elements.total).toBe(1);
    const searched = await browse.sectionTree(lots[0].id, { limit: 50, offset: 0, search: 'FOUILLES' });
    expect(searched.elements.total).toBe(2);
  });
});
