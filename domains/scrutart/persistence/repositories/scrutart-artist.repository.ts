import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { ScrutartArtistEntity } from '../entities/scrutart-artist.entity';
import { insertOrUpdate } from '@relais/persistence';

/** The fields a processing run sets on an artist; the rest (creation time, gallery) is kept. */
export type ScrutartArtistUpdate = Pick<ScrutartArtistEntity, 'qid' | 'name'> &
  Partial<Omit<ScrutartArtistEntity, 'qid' | 'name' | 'createdAt' | 'updatedAt'>>;

@Injectable()
export class ScrutartArtistRepository {
  private readonly artists: Repository<ScrutartArtistEntity>;

  constructor(dataSource: DataSource) {
    this.artists = dataSource.getRepository(ScrutartArtistEntity);
  }

  findByQid(qid: string): Promise<ScrutartArtistEntity | null> {
    return this.artists.findOneBy({ qid });
  }

  /** Every artist, the most recently processed first. */
  findAll(): Promise<ScrutartArtistEntity[]> {
    return this.artists.find({ order: { lastProcessedAt: 'DESC', qid: 'ASC' } });
  }

  /** One page of artists in findAll's order (the most recently processed first), and how many there are. */
  findPage(limit: number, offset: number): Promise<[ScrutartArtistEntity[], number]> {
    return this.artists.findAndCount({ order: { lastProcessedAt: 'DESC', qid: 'ASC' }, take: limit, skip: offset });
  }

  /** Creates the artist or updates the given fields (undefined fields are left as they are). */
  save(update: ScrutartArtistUpdate, at: number = Date.now()): Promise<ScrutartArtistEntity> {
    const fields = definedFields(update);
    const created = {
      description: null,
      worksCount: null,
      piwigoGalleryId: null,
      piwigoGalleryUrl: null,
      lastRunId: null,
      lastProcessedAt: null,
      ...fields,
      createdAt: at,
      updatedAt: at,
    };
    return insertOrUpdate(this.artists, { qid: update.qid }, created, { ...fields, updatedAt: at });
  }
}

function definedFields<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
