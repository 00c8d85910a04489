import { useMigratedDatabase } from '../../../../test/support/migrated-database';
import { ScrutartArtistRepository } from './scrutart-artist.repository';

describe('ScrutartArtistRepository', () => {
  const db = useMigratedDatabase();
  let artists: ScrutartArtistRepository;
  beforeAll(() => {
    artists = new ScrutartArtistRepository(db.dataSource);
  });

  it('creates an artist, then updates only the fields given and keeps its creation time', async () => {
    const created = await artists.save({ qid: 'Q296', name: 'Claude Monet', worksCount: 2100 }, 1_000);
    expect(created).toMatchObject({ qid: 'Q296', name: 'Claude Monet', worksCount: 2100, piwigoGalleryId: null });
    expect(created.createdAt).toBe(1_000);

    await artists.save(
      { qid: 'Q296', name: 'Claude Monet', piwigoGalleryId: 7, piwigoGalleryUrl: 'https://g/7' },
      2_000,
    );
    const updated = await artists.save(
      { qid: 'Q296', name: 'Claude Monet', lastRunId: 'run-1', lastProcessedAt: 3_000 },
      3_000,
    );

    expect(updated).toEqual({
      qid: 'Q296',
      name: 'Claude Monet',
      description: null,
      worksCount: 2100,
      piwigoGalleryId: 7,
      piwigoGalleryUrl: 'https://g/7',
      lastRunId: 'run-1',
      lastProcessedAt: 3_000,
      createdAt: 1_000,
      updatedAt: 3_000,
    });
  });

  it('lists artists with the most recently processed first', async () => {
    await artists.save({ qid: 'Q5582', name: 'Vincent van Gogh', lastProcessedAt: 10_000 });
    await artists.save({ qid: 'Q5597', name: 'Raphaël', lastProcessedAt: 5_000 });

    const qids = (await artists.findAll()).map((artist) => artist.qid);

    expect(qids.indexOf('Q5582')).toBeLessThan(qids.indexOf('Q5597'));
    expect(await artists.findByQid('Q1')).toBeNull();
  });
});
