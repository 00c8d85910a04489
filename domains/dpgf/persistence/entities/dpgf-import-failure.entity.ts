import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '@relais/persistence';

/** The last failed import of a path: the same content is not tried again until it changes. */
@Entity('dpgf_import_failures')
export class DpgfImportFailureEntity {
  @PrimaryColumn({ name: 'source_key', type: 'varchar', length: 64 }) sourceKey: string;
  @Column({ name: 'source_path', type: 'varchar', length: 1000 }) sourcePath: string;
  @Column({ type: 'varchar', length: 64 }) sha256: string;
  @Column({ type: 'text' }) message: string;
  @Column({ name: 'failed_at', type: 'bigint', transformer: epochMs }) failedAt: number;
}
