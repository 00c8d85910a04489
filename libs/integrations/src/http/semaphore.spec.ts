import { Semaphore } from './semaphore';

describe('Semaphore', () => {
  it('lets at most `limit` tasks run at once, in arrival order', async () => {
    const semaphore = new Semaphore(2);
    const started: number[] = [];
    const releases: (() => void)[] = [];
    let running = 0;
    let maxRunning = 0;
    const tasks = [0, 1, 2, 3].map((index) =>
      semaphore.run(async () => {
        started.push(index);
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
        return index;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    while (releases.length > 0 || started.length < 4) {
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await expect(Promise.all(tasks)).resolves.toEqual([0, 1, 2, 3]);
    expect(started).toEqual([0, 1, 2, 3]);
    expect(maxRunning).toBe(2);
    expect(semaphore.inUse).toBe(0);
  });

  it('releases the slot of a failed task and drops a waiter whose signal aborts', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    let release: () => void = () => undefined;
    const holder = semaphore.run(() => new Promise<void>((resolve) => (release = resolve)));
    const controller = new AbortController();
    const waiter = semaphore.run(() => Promise.resolve('never'), controller.signal);
    controller.abort(new Error('gave up waiting'));
    await expect(waiter).rejects.toThrow('gave up waiting');
    release();
    await holder;
    await expect(semaphore.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('refuses a limit below one', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
