import { useMigratedDatabase } from '../../../../test/support/migrated-database';
import type { ScrutartImageEntity } from '../entities/scrutart-image.entity';
import { ScrutartImageRepository } from './scrutart-image.repository';

describe('ScrutartImageRepository', () => {
  const db = useMigratedDatabase();
  let images: ScrutartImageRepository;
  beforeAll(() => {
    images = new ScrutartImageRepository(db.dataSource);
  });

  const anImage = (overrides: Partial<ScrutartImageEntity>): ScrutartImageEntity => ({
    artistQid: 'Q296',
    workQid: 'Q1',
    commonsFile: 'Claude_Monet_-_Impression,_soleil_levant.jpg',
    title: 'Impression, soleil levant',
    piwigoImageId: 1,
    piwigoGalleryId: 9,
    uploadedAt: 1_000,
    ...overrides,
  });

  it('finds an upload by (artist, work) and keeps one row per work of an artist', async () => {
    expect(await images.find('Q296', 'Q1')).toBeNull();

    await images.record(anImage({}));
    await images.record(anImage({ piwigoImageId: 2, uploadedAt: 2_000 }));
    await images.record(anImage({ workQid: 'Q2', piwigoImageId: 3, uploadedAt: 3_000 }));
    await images.record(anImage({ artistQid: 'Q5582', workQid: 'Q1', piwigoImageId: 4 }));

    expect(await images.find('Q296', 'Q1')).toEqual(anImage({ piwigoImageId: 2, uploadedAt: 2_000 }));
    expect((await images.findByArtist('Q296')).map((image) => image.piwigoImageId)).toEqual([2, 3]);
    expect(await images.countByArtist('Q296')).toBe(2);
    expect(await images.countByArtist('Q5582')).toBe(1);
  });
});
