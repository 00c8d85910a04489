import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs, jsonText } from '@relais/persistence';
import type { FolderMap } from '../../sources/drive-folder-tree';

/** The delta state of one SharePoint scan scope (drive, folder, filters): where its next listing starts. */
@Entity('dpgf_graph_delta')
export class DpgfGraphDeltaEntity {
  /** SHA-256 of `scope`. */
  @PrimaryColumn({ name: 'scope_key', type: 'varchar', length: 64 }) scopeKey: string;
  @Column({ type: 'varchar', length: 1000 }) scope: string;
  /** Null until a run imported every file of a listing. */
  @Column({ name: 'delta_link', type: 'text', nullable: true }) deltaLink: string | null;
  /** The drive's folders by item id, as JSON (LONGTEXT on MySQL). */
  @Column({ type: 'text', transformer: jsonText }) folders: FolderMap;
  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs }) updatedAt: number;
}
