import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { LuaScript } from './lua-script';

/** How many times the server ran a command since it started (INFO commandstats). */
async function callsOf(redis: Redis, command: 'eval' | 'evalsha'): Promise<number> {
  const stats = await redis.info('commandstats');
  return Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(stats)?.[1] ?? 0);
}

describe('LuaScript', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(process.env.TEST_REDIS_URL as string);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('is sent in full once, when the server does not know it, then by its SHA-1 only', async () => {
    // A body no server has seen (its comment is random), so the first call meets NOSCRIPT.
    const script = new LuaScript(`-- ${randomBytes(8).toString('hex')}\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])`);
    const key = `lua-script-test:${randomBytes(4).toString('hex')}`;
    const evalsBefore = await callsOf(redis, 'eval');

    expect(await script.run(redis, [key], [2])).toBe(2);
    expect(await script.run(redis, [key], [3])).toBe(5);
    expect(await script.run(redis, [key], [4])).toBe(9);

    expect((await callsOf(redis, 'eval')) - evalsBefore).toBe(1);
    await redis.del(key);
  });

  it('passes the script’s own errors through', async () => {
    const script = new LuaScript(`return redis.error_reply('BADTHING ${randomBytes(4).toString('hex')}')`);

    await expect(script.run(redis, ['any'], [])).rejects.toThrow('BADTHING');
    await expect(script.run(redis, ['any'], [])).rejects.toThrow('BADTHING');
  });
});
