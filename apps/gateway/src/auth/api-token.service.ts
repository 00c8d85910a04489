import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CreatedToken, TokenRole, TokenSummary } from '@relais/contracts';
import { ApiTokenRepository, type ApiTokenEntity } from '@relais/persistence';
import { isoOf, isoOrNull } from '../api/runs/run.views';
import { ApiTokenVerifier } from './api-token.verifier';
import { generateToken, hashToken, recognisablePrefix } from './token-hash';

/** Creates, lists and revokes API tokens. Only the hash of a token is stored; the token is returned once. */
@Injectable()
export class ApiTokenService {
  constructor(
    private readonly tokens: ApiTokenRepository,
    private readonly verifier: ApiTokenVerifier,
  ) {}

  async list(): Promise<TokenSummary[]> {
    return (await this.tokens.findAll()).map(toSummary);
  }

  /** A new random token. `token` is the only copy: it cannot be recovered from what is stored. */
  async create(name: string, role: TokenRole): Promise<CreatedToken> {
    const token = generateToken();
    const row = await this.store(name, role, token);
    return { ...toSummary(row), token };
  }

  /** Stores a token chosen elsewhere (the bootstrap token from the environment). */
  async store(name: string, role: TokenRole, token: string): Promise<ApiTokenEntity> {
    const row: ApiTokenEntity = {
      id: randomUUID(),
      name,
      role,
      tokenHash: hashToken(token),
      prefix: recognisablePrefix(token),
      createdAt: Date.now(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.tokens.insert(row);
    this.verifier.invalidate();
    return row;
  }

  /**
   * Revokes a token; revoking a revoked token changes nothing. The last active admin token cannot be revoked:
   * nobody could manage tokens any more.
   */
  async revoke(id: string): Promise<TokenSummary> {
    const row = await this.tokens.findById(id);
    if (!row) throw new NotFoundException(`Token ${id} not found`);
    if (row.revokedAt !== null) return toSummary(row);
    if (row.role === 'admin' && (await this.tokens.countActive('admin')) <= 1) {
      throw new ConflictException(
        `Token "${row.name}" is the last active admin token: create another admin token before revoking it`,
      );
    }
    await this.tokens.revoke(id, Date.now());
    // Takes effect on this replica at once; other replicas drop their cached answer within TOKEN_CACHE_TTL_MS.
    this.verifier.invalidate();
    return toSummary((await this.tokens.findById(id)) ?? row);
  }
}

/** What the API shows of a token: never its hash. */
function toSummary(row: ApiTokenEntity): TokenSummary {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdAt: isoOf(row.createdAt),
    lastUsedAt: isoOrNull(row.lastUsedAt),
    revokedAt: isoOrNull(row.revokedAt),
  };
}
