import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '@relais/persistence';

/**
 * Where an artist's page in one language is: `local-draft` when it is kept in the database only (WordPress not
 * configured, or auto_publish none), else the WordPress status (draft, publish, pending) with its id and link.
 */
export type ScrutartPostStatus = 'local-draft' | 'draft' | 'publish' | 'pending' | (string & {});

/** An artist's page in one language. */
@Entity('scrutart_posts')
export class ScrutartPostEntity {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  qid: string;

  @PrimaryColumn({ type: 'varchar', length: 5 })
  lang: string;

  /** `{qid}-{lang}` in lower case: the key WordPress pages are upserted by. */
  @Column({ type: 'varchar', length: 100 })
  slug: string;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'varchar', length: 20 })
  status: ScrutartPostStatus;

  @Column({ name: 'wordpress_id', type: 'int', nullable: true })
  wordpressId: number | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  link: string | null;

  /** The page's block markup while it is a local draft (null once WordPress holds it). */
  @Column({ type: 'text', nullable: true })
  content: string | null;

  @Column({ name: 'run_id', type: 'varchar', length: 36, nullable: true })
  runId: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt: number;
}
