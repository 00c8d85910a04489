import { Injectable } from '@nestjs/common';
import { DataSource, In, type Repository } from 'typeorm';
import { ScrutartImageEntity } from '../entities/scrutart-image.entity';

@Injectable()
export class ScrutartImageRepository {
  private readonly images: Repository<ScrutartImageEntity>;

  constructor(dataSource: DataSource) {
    this.images = dataSource.getRepository(ScrutartImageEntity);
  }

  /** The upload of this work for this artist, or null when it was never uploaded. */
  find(artistQid: string, workQid: string): Promise<ScrutartImageEntity | null> {
    return this.images.findOneBy({ artistQid, workQid });
  }

  /** An artist's uploaded images, in upload order. */
  findByArtist(artistQid: string): Promise<ScrutartImageEntity[]> {
    return this.images.find({ where: { artistQid }, order: { uploadedAt: 'ASC', workQid: 'ASC' } });
  }

  /** Every uploaded image, each artist's in upload order (the state export). */
  findAll(): Promise<ScrutartImageEntity[]> {
    return this.images.find({ order: { artistQid: 'ASC', uploadedAt: 'ASC', workQid: 'ASC' } });
  }

  /** One page of an artist's uploaded images in upload order, and how many the artist has. */
  findPageByArtist(artistQid: string, limit: number, offset: number): Promise<[ScrutartImageEntity[], number]> {
    return this.images.findAndCount({
      where: { artistQid },
      order: { uploadedAt: 'ASC', workQid: 'ASC' },
      take: limit,
      skip: offset,
    });
  }

  countByArtist(artistQid: string): Promise<number> {
    return this.images.countBy({ artistQid });
  }

  /** How many images each of these artists has uploaded (an artist with none is absent from the map). */
  async countByArtists(artistQids: readonly string[]): Promise<Map<string, number>> {
    if (artistQids.length === 0) return new Map();
    const rows = await this.images
      .createQueryBuilder('image')
      .select('image.artistQid', 'qid')
      .addSelect('COUNT(*)', 'count')
      .where({ artistQid: In([...artistQids]) })
      .groupBy('image.artistQid')
      .getRawMany<{ qid: string; count: number | string }>();
    return new Map(rows.map((row) => [row.qid, Number(row.count)]));
  }

  /** Records an upload; recording the same work again replaces the row (the newest upload wins). */
  async record(image: ScrutartImageEntity): Promise<void> {
    await this.images.upsert(image, ['artistQid', 'workQid']);
  }
}
