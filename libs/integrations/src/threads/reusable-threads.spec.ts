import { Worker } from 'node:worker_threads';
import { ReusableThreads } from './reusable-threads';

/** A thread that answers each message with its own thread id. */
const ECHO_THREAD = `
const { parentPort, threadId } = require('node:worker_threads');
parentPort.on('message', () => parentPort.postMessage(threadId));`;

function ask(worker: Worker): Promise<number> {
  return new Promise((resolve) => {
    worker.once('message', resolve);
    worker.postMessage('which');
  });
}

/** Runs `count` tasks through `threads` (each asks its thread's id, then holds it 20 ms): the ids and the most at once. */
async function runTasks(threads: ReusableThreads, count: number): Promise<{ ids: number[]; most: number }> {
  let running = 0;
  let most = 0;
  const task = async (worker: Worker): Promise<number> => {
    running++;
    most = Math.max(most, running);
    const id = await ask(worker);
    await new Promise((resolve) => setTimeout(resolve, 20));
    running--;
    return id;
  };
  const ids = await Promise.all(Array.from({ length: count }, () => threads.use(task)));
  return { ids, most };
}

describe('ReusableThreads', () => {
  let spawned: Worker[];
  let threads: ReusableThreads;
  beforeEach(() => {
    spawned = [];
    threads = new ReusableThreads({
      maxThreads: 2,
      spawn: () => {
        const worker = new Worker(ECHO_THREAD, { eval: true });
        spawned.push(worker);
        return worker;
      },
    });
  });
  afterEach(() => threads.close());

  it('gives a thread back after a task that succeeds, and ends one whose task threw', async () => {
    const first = await threads.use(ask);
    expect(await threads.use(ask)).toBe(first);

    const exited = new Promise((resolve) => spawned[0].once('exit', resolve));
    await expect(threads.use(() => Promise.reject(new Error('the protocol broke')))).rejects.toThrow(
      'the protocol broke',
    );
    await exited;

    expect(await threads.use(ask)).not.toBe(first);
    expect(spawned).toHaveLength(2);
  });

  it('runs at most maxThreads tasks at once; the others wait for a slot', async () => {
    const { ids, most } = await runTasks(threads, 6);

    expect(most).toBe(2);
    expect(new Set(ids).size).toBe(2);
  });

  it('says it is closed after close(), and ends the idle threads', async () => {
    await threads.use(ask);
    const exited = new Promise((resolve) => spawned[0].once('exit', resolve));

    await threads.close();

    expect(threads.isClosed).toBe(true);
    await exited;
  });

  it('gives one thread up to tasksPerThread tasks at once before a task waits', async () => {
    const sharing = new ReusableThreads({
      maxThreads: 1,
      tasksPerThread: 2,
      spawn: () => {
        const worker = new Worker(ECHO_THREAD, { eval: true });
        spawned.push(worker);
        return worker;
      },
    });
    try {
      const { ids, most } = await runTasks(sharing, 5);
      expect(most).toBe(2);
      expect(new Set(ids).size).toBe(1);
      expect(spawned).toHaveLength(1);
    } finally {
      await sharing.close();
    }
  });
});
