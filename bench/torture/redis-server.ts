import { mkdir, readdir, readFile, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../../test/support/free-port';
import { GuardedProcess } from '../../test/support/guarded-process';

/** How a killed Redis comes back. */
export type RedisComeback =
  /** With its append-only file as the kill left it (a process crash: the OS had every write). */
  | 'aof'
  /** With the last second of its append-only file cut away (an OS crash or a failover to a lagging replica). */
  | 'aof-minus-last-second'
  /** With nothing (a new, empty server). */
  | 'empty';

/**
 * A redis-server with an append-only file (fsync every second, as the default production setting), that the suite
 * can SIGKILL, SIGSTOP and bring back on the same port. Its data lives outside the guarded directory of each
 * server process, so that it survives the process; the suite removes it at the end.
 */
export class TortureRedis {
  private server: GuardedProcess | null = null;
  private launches = 0;
  /** Size of the AOF's incremental file over time, sampled every 100 ms: what "a second ago" was. */
  private samples: { at: number; size: number }[] = [];
  private sampler: NodeJS.Timeout | null = null;

  private constructor(
    private readonly directory: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(directory: string): Promise<TortureRedis> {
    await mkdir(join(directory, 'data'), { recursive: true });
    const redis = new TortureRedis(directory, await freePort());
    await redis.launch();
    return redis;
  }

  /** SIGKILL: the server dies at once, its clients see their connections drop. */
  async kill(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.stopSampling();
    process.kill(await this.pid(), 'SIGKILL');
    await server.exited;
    this.server = null;
  }

  /** SIGSTOP: the server stops answering but keeps its connections (a long GC pause, a frozen VM). */
  async pause(): Promise<void> {
    process.kill(await this.pid(), 'SIGSTOP');
  }

  async resume(): Promise<void> {
    process.kill(await this.pid(), 'SIGCONT');
  }

  /** Kills the server if it runs, prepares its data as `comeback` says, and starts it again on the same port. */
  async restart(comeback: RedisComeback): Promise<{ cutBytes: number }> {
    const killedAt = Date.now();
    await this.kill();
    let cutBytes = 0;
    const data = join(this.directory, 'data');
    if (comeback === 'empty') {
      await rm(data, { recursive: true, force: true });
      await mkdir(data);
    } else if (comeback === 'aof-minus-last-second') {
      const file = await this.incrementalAof();
      if (file) {
        const size = (await stat(file)).size;
        const before = [...this.samples].reverse().find((sample) => sample.at <= killedAt - 1000);
        const keep = before ? Math.min(before.size, size) : 0;
        await truncate(file, keep);
        cutBytes = size - keep;
      }
    }
    this.samples = [];
    await this.launch();
    return { cutBytes };
  }

  async close(): Promise<void> {
    this.stopSampling();
    if (this.server) {
      // A paused server would not die of the guard's SIGKILL any later than now; resume it to be sure.
      await this.resume().catch(() => undefined);
      await this.server.stop();
      this.server = null;
    }
    await rm(this.directory, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    const run = join(this.directory, `run-${++this.launches}`);
    await mkdir(run);
    this.server = GuardedProcess.start({
      name: 'redis-server',
      command: 'redis-server',
      args: Object.entries({
        port: String(this.port),
        bind: '127.0.0.1',
        dir: join(this.directory, 'data'),
        pidfile: join(run, 'redis.pid'),
        save: '',
        appendonly: 'yes',
        appendfsync: 'everysec',
        'auto-aof-rewrite-percentage': '0',
        'aof-load-truncated': 'yes',
        daemonize: 'no',
        loglevel: 'warning',
      }).flatMap(([option, value]) => [`--${option}`, value]),
      directory: run,
      stopSignal: 'KILL',
    });
    const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const up = await probe.connect().then(
          () => probe.ping().then(() => true),
          () => false,
        );
        if (up) break;
        if (!this.server.isRunning() || Date.now() > deadline) {
          throw new Error(`redis-server did not start on port ${this.port}:\n${this.server.output()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      probe.disconnect();
    }
    this.startSampling();
  }

  private async pid(): Promise<number> {
    const run = join(this.directory, `run-${this.launches}`);
    for (let tries = 0; ; tries++) {
      try {
        return Number((await readFile(join(run, 'redis.pid'), 'utf8')).trim());
      } catch (error) {
        if (tries > 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }

  /** The AOF file Redis appends to now (Redis 7 keeps a base file and incremental files in appendonlydir). */
  private async incrementalAof(): Promise<string | null> {
    const directory = join(this.directory, 'data', 'appendonlydir');
    const files = await readdir(directory).catch(() => [] as string[]);
    const incremental = files.filter((name) => name.endsWith('.incr.aof')).sort();
    return incremental.length > 0 ? join(directory, incremental[incremental.length - 1]) : null;
  }

  private startSampling(): void {
    this.stopSampling();
    this.sampler = setInterval(() => {
      void this.incrementalAof().then(async (file) => {
        if (!file) return;
        const { size } = await stat(file);
        this.samples.push({ at: Date.now(), size });
        if (this.samples.length > 200) this.samples.shift();
      });
    }, 100);
    this.sampler.unref();
  }

  private stopSampling(): void {
    if (this.sampler) clearInterval(this.sampler);
    this.sampler = null;
  }
}
