import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '@relais/persistence';

/**
 * One work's image uploaded to Piwigo. Written right after the upload succeeds and read before every upload, so
 * a re-run never uploads the same work twice.
 */
@Entity('scrutart_images')
export class ScrutartImageEntity {
  @PrimaryColumn({ name: 'artist_qid', type: 'varchar', length: 20 })
  artistQid: string;

  /** The work's Wikidata item id. */
  @PrimaryColumn({ name: 'work_qid', type: 'varchar', length: 20 })
  workQid: string;

  /** Commons file name (underscores, no "File:"). */
  @Column({ name: 'commons_file', type: 'varchar', length: 500 })
  commonsFile: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  title: string | null;

  @Column({ name: 'piwigo_image_id', type: 'int' })
  piwigoImageId: number;

  @Column({ name: 'piwigo_gallery_id', type: 'int' })
  piwigoGalleryId: number;

  @Column({ name: 'uploaded_at', type: 'bigint', transformer: epochMs })
  uploadedAt: number;
}
