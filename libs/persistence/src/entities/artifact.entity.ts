import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ArtifactKind } from '@relais/contracts';
import { epochMs } from './column-transformers';

/** A report a run produced (JSON, Markdown or text), served by `GET /api/reports/{id}`. */
@Entity('artifacts')
export class ArtifactEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId: string;

  @Column({ type: 'varchar', length: 20 })
  kind: ArtifactKind;

  /** What the report is (`health-report`, `workflow-report`…): series of reports share a key. */
  @Column({ type: 'varchar', length: 200 })
  key: string;

  @Column({ type: 'text' })
  content: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: number;
}
