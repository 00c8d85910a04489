import { useMigratedDatabase } from '../../../test/support/migrated-database';
import type { PageRecord } from '../knowledge/page-manifest';
import { TypeormPageManifest } from './typeorm-page-manifest';

const aPage = (page: string, overrides: Partial<PageRecord> = {}): PageRecord => ({
  page,
  url: `https://docs.python.org/3/${page}`,
  title: '7. Input and Output',
  sectionPath: ['The Python Tutorial'],
  etag: '"0123456789abcdef"',
  lastModified: 'Tue, 01 Dec 2026 10:00:00 GMT',
  contentHash: 'fedcba9876543210',
  chunkIds: [`${page}_fedcba9876543210_chunk_0`, `${page}_fedcba9876543210_chunk_1`],
  indexedAt: new Date(1_764_000_000_000),
  ...overrides,
});

describe('TypeormPageManifest (the rag_pages table, migrated)', () => {
  const db = useMigratedDatabase();
  let manifest: TypeormPageManifest;
  beforeAll(() => {
    manifest = new TypeormPageManifest(db.dataSource);
  });

  it('keeps a page with its validators, section path and chunk ids, replaces it, lists and removes it', async () => {
    // A long library page: hundreds of chunk ids, past MySQL's 64 KB TEXT.
    const big = aPage('library/stdtypes.html', {
      chunkIds: Array.from({ length: 1500 }, (_, n) => `library/stdtypes.html_fedcba9876543210_chunk_${n}`),
    });
    await manifest.put(aPage('tutorial/inputoutput.html'));
    await manifest.put(big);
    expect(await manifest.get('library/stdtypes.html')).toEqual(big);

    const changed = aPage('tutorial/inputoutput.html', { contentHash: '1111111111111111', etag: null, chunkIds: [] });
    await manifest.put(changed);
    expect(await manifest.get('tutorial/inputoutput.html')).toEqual(changed);
    expect((await manifest.all()).map((record) => record.page)).toEqual([
      'library/stdtypes.html',
      'tutorial/inputoutput.html',
    ]);
    const [second] = await manifest.list(1, 1);
    expect(second).toMatchObject({ page: 'tutorial/inputoutput.html', chunkIds: [] });
    expect(second.fetchedAt).toBeInstanceOf(Date);
    expect(await manifest.count()).toBe(2);

    await manifest.remove('library/stdtypes.html');
    expect(await manifest.get('library/stdtypes.html')).toBeNull();
    expect(await manifest.count()).toBe(1);
  });

  it('drops a validator longer than its column rather than failing the page', async () => {
    await manifest.put(aPage('howto/sorting.html', { etag: `"${'e'.repeat(600)}"` }));
    expect((await manifest.get('howto/sorting.html'))?.etag).toBeNull();
  });
});
