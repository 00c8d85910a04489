import { Redis } from 'ioredis';
import { RedisSemaphore, WikidataClient } from '@relais/integrations';
import { FakeWikidataQueryService, TEST_USER_AGENT, WikidataFixtureGraph } from '../fakes';
import { testRedisPrefix } from '../support/test-env';

/**
 * Wikimedia allows 5 concurrent Query Service requests per client. Two workers each limited to 5 in their own
 * process made 10: the slots now live in Redis, shared by every process of one Relais.
 */
describe('the Wikidata Query Service limit across processes', () => {
  let queryService: FakeWikidataQueryService;
  let redis: Redis;
  let key: string;
  const connections: Redis[] = [];

  beforeAll(async () => {
    queryService = await new FakeWikidataQueryService(WikidataFixtureGraph.load()).start();
    redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    key = `${testRedisPrefix()}:limits:wikidata-query-service`;
  });

  afterAll(async () => {
    await redis.del(key);
    for (const connection of [redis, ...connections]) connection.disconnect();
    await queryService.stop();
  });

  /** A Redis connection of its own, as each worker process has. */
  const newConnection = (): Redis => {
    const connection = redis.duplicate();
    connections.push(connection);
    return connection;
  };

  /** A client as one worker process builds it: its own in-process slots, and the shared ones when given. */
  const workerClient = (shared: boolean): WikidataClient =>
    new WikidataClient({
      apiUrl: 'http://127.0.0.1:9/unused',
      sparqlUrl: queryService.sparqlUrl,
      userAgent: TEST_USER_AGENT,
      maxConcurrent: 5,
      querySlots: shared ? new RedisSemaphore(newConnection(), { limit: 5, key }) : undefined,
      cacheTtlMs: 0,
      timeoutMs: 10_000,
      maxRetries: 0,
    });

  const queries = (worker: number): string[] =>
    Array.from(
      { length: 10 },
      (_, index) => `SELECT ?work WHERE { ?work wdt:P170 wd:Q296 } LIMIT ${worker * 100 + index + 1}`,
    );

  it('lets two processes make 10 requests at once when each counts only its own (the bug)', async () => {
    queryService.reset();
    queryService.responseDelayMs = 200;
    const [first, second] = [workerClient(false), workerClient(false)];
    await Promise.all([
      ...queries(1).map((q) => first.sparqlSelect(q)),
      ...queries(2).map((q) => second.sparqlSelect(q)),
    ]);
    expect(queryService.maxInFlight).toBe(10);
  });

  it('keeps every process of one Relais to 5 requests in flight when the slots are shared', async () => {
    queryService.reset();
    queryService.responseDelayMs = 200;
    const [first, second] = [workerClient(true), workerClient(true)];
    const results = await Promise.all([
      ...queries(3).map((q) => first.sparqlSelect(q)),
      ...queries(4).map((q) => second.sparqlSelect(q)),
    ]);
    expect(results).toHaveLength(20);
    expect(queryService.requests).toHaveLength(20);
    expect(queryService.maxInFlight).toBe(5);
    expect(await redis.zcard(key)).toBe(0);
  });

  it('gives back the slot of a holder that died without releasing it, after its lease', async () => {
    const crashedKey = `${key}:crashed`;
    // Five holders of a process that was SIGKILLed: their leases end in 1.5 s.
    const time = await redis.time();
    const nowMs = time[0] * 1000 + Math.floor(time[1] / 1000);
    await redis.zadd(crashedKey, ...[1, 2, 3, 4, 5].flatMap((n) => [nowMs + 1_500, `dead-${n}`]));
    const semaphore = new RedisSemaphore(redis, { limit: 5, key: crashedKey, leaseMs: 5_000 });

    await expect(semaphore.run(() => Promise.resolve('ran'), AbortSignal.timeout(200))).rejects.toThrow();
    await expect(semaphore.run(() => Promise.resolve('ran'))).resolves.toBe('ran');
    expect(await redis.zrange(crashedKey, 0, -1)).toEqual([]);
    await redis.del(crashedKey);
  });
});
