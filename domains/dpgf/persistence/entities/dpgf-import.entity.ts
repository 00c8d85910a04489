import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { epochMs, jsonText } from '@relais/persistence';

/** One imported file: where it came from, its content's hash, and what its import created. */
@Entity('dpgf_imports')
export class DpgfImportEntity {
  @PrimaryGeneratedColumn({ name: 'id_import' }) id: number;
  @Column({ type: 'varchar', length: 20 }) source: string;
  @Column({ name: 'source_key', type: 'varchar', length: 64 }) sourceKey: string;
  @Column({ name: 'source_id', type: 'varchar', length: 500 }) sourceId: string;
  @Column({ name: 'source_path', type: 'varchar', length: 1000 }) sourcePath: string;
  @Column({ type: 'varchar', length: 64 }) sha256: string;
  @Column({ name: 'size_bytes', type: 'bigint', transformer: epochMs }) sizeBytes: number;
  @Column({ name: 'type_document', type: 'varchar', length: 4 }) type: string;
  /** The sheets imported, as a JSON array of names. */
  @Column({ type: 'text', transformer: jsonText }) sheets: string[];
  @Column({ type: 'int' }) lots: number;
  @Column({ type: 'int' }) sections: number;
  @Column({ type: 'int' }) elements: number;
  @Column({ type: 'int' }) mismatches: number;
  @Column({ type: 'varchar', length: 20 }) state: string;
  @Column({ name: 'started_at', type: 'bigint', transformer: epochMs }) startedAt: number;
  @Column({ name: 'ended_at', type: 'bigint', transformer: epochMs }) endedAt: number;
  /** When the file (or a folder holding it) was found deleted at its source; null while it is there. */
  @Column({ name: 'source_deleted_at', type: 'bigint', nullable: true, transformer: epochMs })
  sourceDeletedAt: number | null;
  /** The source's content hash of the imported version (SharePoint's quickXorHash), when it gives one. */
  @Column({ name: 'source_tag', type: 'varchar', length: 200, nullable: true }) sourceTag: string | null;
}
