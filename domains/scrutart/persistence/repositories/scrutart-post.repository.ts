import { Injectable } from '@nestjs/common';
import { DataSource, In, type Repository } from 'typeorm';
import { ScrutartPostEntity } from '../entities/scrutart-post.entity';
import { insertOrUpdate } from '@relais/persistence';

/** A page's new state; its creation time is kept when it already exists. */
export type ScrutartPostUpdate = Omit<ScrutartPostEntity, 'createdAt' | 'updatedAt'>;

@Injectable()
export class ScrutartPostRepository {
  private readonly posts: Repository<ScrutartPostEntity>;

  constructor(dataSource: DataSource) {
    this.posts = dataSource.getRepository(ScrutartPostEntity);
  }

  find(qid: string, lang: string): Promise<ScrutartPostEntity | null> {
    return this.posts.findOneBy({ qid, lang });
  }

  /** An artist's pages, by language. */
  findByQid(qid: string): Promise<ScrutartPostEntity[]> {
    return this.posts.find({ where: { qid }, order: { lang: 'ASC' } });
  }

  /** Every page, the most recently updated first. */
  findAll(): Promise<ScrutartPostEntity[]> {
    return this.posts.find({ order: { updatedAt: 'DESC', qid: 'ASC', lang: 'ASC' } });
  }

  /** How many pages each of these artists has (an artist with none is absent from the map). */
  async countByArtists(qids: readonly string[]): Promise<Map<string, number>> {
    if (qids.length === 0) return new Map();
    const rows = await this.posts
      .createQueryBuilder('post')
      .select('post.qid', 'qid')
      .addSelect('COUNT(*)', 'count')
      .where({ qid: In([...qids]) })
      .groupBy('post.qid')
      .getRawMany<{ qid: string; count: number | string }>();
    return new Map(rows.map((row) => [row.qid, Number(row.count)]));
  }

  /** Creates or replaces the page of (qid, lang). */
  save(post: ScrutartPostUpdate, at: number = Date.now()): Promise<ScrutartPostEntity> {
    const { qid, lang, ...fields } = post;
    return insertOrUpdate(
      this.posts,
      { qid, lang },
      { ...post, createdAt: at, updatedAt: at },
      { ...fields, updatedAt: at },
    );
  }
}
