import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  let now = 0;
  const cache = (ttlMs = 1000, maxEntries = 3): TtlCache<string> => new TtlCache<string>(ttlMs, maxEntries, () => now);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('forgets entries once their TTL has passed', () => {
    const store = cache();
    store.set('a', 'A');
    now += 999;
    expect(store.get('a')).toBe('A');
    now += 1;
    expect(store.get('a')).toBeUndefined();
  });

  it('evicts the oldest entries beyond maxEntries', () => {
    const store = cache(1000, 2);
    store.set('a', 'A');
    store.set('b', 'B');
    store.set('c', 'C');
    expect([store.get('a'), store.get('b'), store.get('c')]).toEqual([undefined, 'B', 'C']);
  });

  it('shares one load between concurrent callers and never caches a failure', async () => {
    const store = cache();
    let loads = 0;
    const load = async (): Promise<string> => {
      loads += 1;
      await Promise.resolve();
      return 'value';
    };
    await expect(Promise.all([store.getOrLoad('k', load), store.getOrLoad('k', load)])).resolves.toEqual([
      'value',
      'value',
    ]);
    expect(loads).toBe(1);
    await expect(store.getOrLoad('bad', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(store.getOrLoad('bad', () => Promise.resolve('up'))).resolves.toBe('up');
  });

  it('stores nothing with a TTL of zero', () => {
    const store = cache(0);
    store.set('a', 'A');
    expect(store.get('a')).toBeUndefined();
  });
});
