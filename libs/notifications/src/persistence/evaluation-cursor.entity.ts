import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '@relais/persistence/entities/column-transformers';

/** How far the evaluator has read an event source (`runs`, `reports`), saved with what it concluded. */
@Entity('notification_cursors')
export class EvaluationCursorEntity {
  @PrimaryColumn({ type: 'varchar', length: 50 })
  name: string;

  @Column({ name: 'position_at', type: 'bigint', transformer: epochMs })
  positionAt: number;

  @Column({ name: 'position_id', type: 'varchar', length: 36 })
  positionId: string;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt: number;
}
