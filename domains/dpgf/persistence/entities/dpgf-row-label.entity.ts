import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '@relais/persistence';

/** A label a model gave an ambiguous row, by the hash of model and text: each row is asked about once. */
@Entity('dpgf_row_labels')
export class DpgfRowLabelEntity {
  @PrimaryColumn({ name: 'content_hash', type: 'varchar', length: 64 }) contentHash: string;
  @Column({ type: 'varchar', length: 10 }) label: string;
  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs }) createdAt: number;
}
