import { Column, Entity, PrimaryColumn } from 'typeorm';
import { booleanInt, epochMs, jsonText } from '@relais/persistence/entities/column-transformers';
import type { ChannelName } from '../model/notification';
import type { Severity } from '../model/severity';
import type { RuleKind } from '../rules/alert-rule';

/** Where a rule comes from: the code catalogue (synced at start, editable) or the API. */
export type RuleOrigin = 'catalogue' | 'api';

/** An alert rule as stored; `params` is validated against its kind when read (see parseAlertRule). */
@Entity('notification_rules')
export class NotificationRuleEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  kind: RuleKind;

  @Column({ type: 'varchar', length: 300 })
  description: string;

  @Column({ type: 'text', transformer: jsonText })
  params: Record<string, unknown>;

  @Column({ type: 'varchar', length: 10 })
  severity: Severity;

  @Column({ name: 'cooldown_ms', type: 'bigint', transformer: epochMs })
  cooldownMs: number;

  @Column({ type: 'smallint', transformer: booleanInt })
  enabled: boolean;

  /** Null: every configured channel. */
  @Column({ type: 'text', nullable: true, transformer: jsonText })
  channels: ChannelName[] | null;

  @Column({ type: 'varchar', length: 20 })
  origin: RuleOrigin;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt: number;
}
