import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '@relais/persistence';

/** A painter Scrutart has processed: what was published for them lives in scrutart_images and scrutart_posts. */
@Entity('scrutart_artists')
export class ScrutartArtistEntity {
  /** Wikidata item id (Q296). */
  @PrimaryColumn({ type: 'varchar', length: 20 })
  qid: string;

  @Column({ type: 'varchar', length: 300 })
  name: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;

  /** Works whose creator (P170) is the artist, at the last processing. */
  @Column({ name: 'works_count', type: 'int', nullable: true })
  worksCount: number | null;

  /** The Piwigo album "Galerie {name}"; null until Piwigo is configured and the gallery created. */
  @Column({ name: 'piwigo_gallery_id', type: 'int', nullable: true })
  piwigoGalleryId: number | null;

  @Column({ name: 'piwigo_gallery_url', type: 'varchar', length: 1000, nullable: true })
  piwigoGalleryUrl: string | null;

  @Column({ name: 'last_run_id', type: 'varchar', length: 36, nullable: true })
  lastRunId: string | null;

  @Column({ name: 'last_processed_at', type: 'bigint', nullable: true, transformer: epochMs })
  lastProcessedAt: number | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt: number;
}
