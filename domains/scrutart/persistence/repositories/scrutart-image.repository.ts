import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
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

  countByArtist(artistQid: string): Promise<number> {
    return this.images.countBy({ artistQid });
  }

  /** Records an upload; recording the same work again replaces the row (the newest upload wins). */
  async record(image: ScrutartImageEntity): Promise<void> {
    await this.images.upsert(image, ['artistQid', 'workQid']);
  }
}
