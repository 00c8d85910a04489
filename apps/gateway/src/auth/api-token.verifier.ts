import { Injectable, Logger } from '@nestjs/common';
import { errorMessage } from '@relais/engine';
import { ApiTokenRepository } from '@relais/persistence';
import type { Principal } from './principal';
import { hashToken } from './token-hash';
import { TokenVerifier } from './token.verifier';

/**
 * How long this replica trusts what it read about a token. Revoking a token through this replica takes effect at
 * once (the cache is cleared); other replicas notice within this time.
 */
const TOKEN_CACHE_TTL_MS = 5_000;
/** Tokens remembered at most (unknown ones included, so a flood of bad tokens cannot grow the cache unbounded). */
const CACHE_CAPACITY = 10_000;
/** `last_used_at` is a hint for people reviewing tokens: one write per token per minute per replica is enough. */
const LAST_USE_WRITE_INTERVAL_MS = 60_000;

interface CacheEntry {
  principal: Promise<Principal | null>;
  expiresAt: number;
}

/**
 * Verifies bearer tokens against api_tokens, by the SHA-256 of the token (an indexed lookup: the hash of a
 * guessed token reveals nothing about stored ones, so the lookup's timing leaks nothing useful). Answers are
 * cached for TOKEN_CACHE_TTL_MS so that a request does not cost a database read; concurrent requests with the same
 * token share one read.
 */
@Injectable()
export class ApiTokenVerifier extends TokenVerifier {
  private readonly logger = new Logger(ApiTokenVerifier.name);
  private readonly cache = new Map<string, CacheEntry>();
  private readonly lastUseWritten = new Map<string, number>();

  constructor(private readonly tokens: ApiTokenRepository) {
    super();
  }

  async verify(token: string): Promise<Principal | null> {
    const hash = hashToken(token);
    const now = Date.now();
    let entry = this.cache.get(hash);
    if (!entry || entry.expiresAt <= now) {
      entry = { principal: this.lookUp(hash), expiresAt: now + TOKEN_CACHE_TTL_MS };
      this.remember(hash, entry);
    }
    const principal = await entry.principal;
    if (principal) this.recordUse(principal.tokenId, now);
    return principal;
  }

  /** Forgets every cached answer: called when a token is created or revoked through this replica. */
  invalidate(): void {
    this.cache.clear();
  }

  private async lookUp(hash: string): Promise<Principal | null> {
    try {
      const row = await this.tokens.findByHash(hash);
      if (!row || row.revokedAt !== null) return null;
      return { tokenId: row.id, name: row.name, role: row.role };
    } catch (error) {
      // A failed read must not be remembered as "unknown token" for the next few seconds.
      this.cache.delete(hash);
      throw error;
    }
  }

  private remember(hash: string, entry: CacheEntry): void {
    this.cache.delete(hash);
    this.cache.set(hash, entry);
    // A Map iterates in insertion order: the first key is the oldest entry.
    if (this.cache.size > CACHE_CAPACITY) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }

  private recordUse(tokenId: string, now: number): void {
    const last = this.lastUseWritten.get(tokenId) ?? 0;
    if (now - last < LAST_USE_WRITE_INTERVAL_MS) return;
    this.lastUseWritten.set(tokenId, now);
    // Not awaited: the request does not wait for a bookkeeping write, and a failure only delays the hint.
    this.tokens.recordUse(tokenId, now).catch((error: unknown) => {
      this.logger.warn(`Could not record the use of token ${tokenId}: ${errorMessage(error)}`);
    });
  }
}
