import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TokenRole } from '@relais/contracts';
import { epochMs } from './column-transformers';

/**
 * An API token. Only its SHA-256 hash is stored: the token itself is shown once, when it is created. `prefix`
 * (its first characters) lets a person recognise a token in a list without the list revealing it.
 */
@Entity('api_tokens')
export class ApiTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  role: TokenRole;

  /** Lower-case hex SHA-256 of the token; unique, so a token maps to one row. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 20 })
  prefix: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: number;

  @Column({ name: 'last_used_at', type: 'bigint', nullable: true, transformer: epochMs })
  lastUsedAt: number | null;

  /** Set once; a revoked token never authenticates again. */
  @Column({ name: 'revoked_at', type: 'bigint', nullable: true, transformer: epochMs })
  revokedAt: number | null;
}
