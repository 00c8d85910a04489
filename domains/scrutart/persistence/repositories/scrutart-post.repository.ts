import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
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
