import { Inject, Injectable, Logger } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { errorMessage, REDIS_CLIENT, type RedisClient } from '@relais/engine';
import { scrutartSettingsOf } from '../settings/scrutart.settings';

/**
 * Wikidata answers about artists (preview, artworks count) kept in Redis for WIKIDATA_CACHE_TTL_MS (1 h by
 * default, as the seed cached its previews). Redis rather than memory: every gateway replica shares the entries,
 * a restart keeps them, and Redis expires them itself. Only answers are cached; errors (unknown QID, Wikidata
 * down) are not, so a fixed problem shows at once. Redis being away costs a Wikidata request, never the route.
 */
@Injectable()
export class ArtistLookupCache {
  private readonly logger = new Logger(ArtistLookupCache.name);

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
  ) {}

  /** The cached answer for (kind, key), or the one `load` gives, which is then cached. */
  async remember<T>(kind: string, key: string, load: () => Promise<T>): Promise<T> {
    const redisKey = `${this.config.redisPrefix}:scrutart:${kind}:${key}`;
    const cached = await this.read(redisKey);
    if (cached !== null) return JSON.parse(cached) as T;
    const value = await load();
    await this.write(redisKey, JSON.stringify(value));
    return value;
  }

  private async read(redisKey: string): Promise<string | null> {
    try {
      return await this.redis.get(redisKey);
    } catch (error) {
      this.logger.warn(`Cache read of ${redisKey} failed (${errorMessage(error)}); asking Wikidata`);
      return null;
    }
  }

  private async write(redisKey: string, value: string): Promise<void> {
    try {
      await this.redis.set(redisKey, value, 'PX', scrutartSettingsOf(this.config).wikidataCacheTtlMs);
    } catch (error) {
      this.logger.warn(`Cache write of ${redisKey} failed (${errorMessage(error)}); the answer is served uncached`);
    }
  }
}
