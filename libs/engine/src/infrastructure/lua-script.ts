import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-connections';

/**
 * A Lua script sent by its SHA-1 (`EVALSHA`), and in full (`EVAL`, which also loads it) only when the server does
 * not know it yet (NOSCRIPT: a new or restarted server, a failover, a Cluster node that never ran it). A run's
 * lease is released by a script on every run: `EVAL` made Redis receive and hash its text each time.
 */
export class LuaScript {
  private readonly sha: string;

  constructor(private readonly body: string) {
    this.sha = createHash('sha1').update(body).digest('hex');
  }

  async run(redis: RedisClient, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.body, keys.length, ...keys, ...args);
    }
  }
}
