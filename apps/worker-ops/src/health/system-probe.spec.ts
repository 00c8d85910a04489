import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeSystem } from './system-probe';

describe('probeSystem', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relais-system-probe-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('samples CPU busy time over the sample window, overall and per core', async () => {
    const started = Date.now();

    const { cpu } = await probeSystem({ dataDir: dir, sampleMs: 100 });

    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    expect(cpu.sampleMs).toBe(100);
    expect(cpu.perCpuPercent).toHaveLength(cpus().length);
    expect(cpu.percent).toBeGreaterThanOrEqual(0);
    expect(cpu.percent).toBeLessThanOrEqual(100);
    for (const percent of cpu.perCpuPercent) {
      expect(percent).toBeGreaterThanOrEqual(0);
      expect(percent).toBeLessThanOrEqual(100);
    }
  });

  it('reads memory from MemTotal and MemAvailable', async () => {
    const meminfoPath = join(dir, 'meminfo');
    await writeFile(meminfoPath, 'MemTotal:        1000 kB\nMemFree:          100 kB\nMemAvailable:     250 kB\n');

    const { memory } = await probeSystem({ dataDir: dir, sampleMs: 1, meminfoPath });

    expect(memory).toEqual({
      percent: 75,
      totalBytes: 1000 * 1024,
      availableBytes: 250 * 1024,
      source: 'proc-meminfo',
    });
  });

  it.each([
    ['the file is missing', null],
    ['the kernel has no MemAvailable', 'MemTotal:        1000 kB\nMemFree:          100 kB\n'],
  ])('falls back to os figures when %s', async (_case, content) => {
    const meminfoPath = join(dir, `meminfo-${String(content?.length ?? 0)}`);
    if (content !== null) await writeFile(meminfoPath, content);

    const { memory } = await probeSystem({ dataDir: dir, sampleMs: 1, meminfoPath });

    expect(memory.source).toBe('os');
    expect(memory.totalBytes).toBeGreaterThan(0);
    expect(memory.percent).toBeGreaterThan(0);
    expect(memory.percent).toBeLessThanOrEqual(100);
  });

  it('measures the disk of the data directory', async () => {
    const { disk } = await probeSystem({ dataDir: dir, sampleMs: 1 });

    expect(disk).toMatchObject({ path: dir, measuredPath: dir });
    if (!('percent' in disk)) throw new Error(disk.error);
    expect(disk.totalBytes).toBeGreaterThan(0);
    expect(disk.availableBytes).toBeLessThanOrEqual(disk.totalBytes);
    expect(disk.percent).toBeGreaterThanOrEqual(0);
    expect(disk.percent).toBeLessThanOrEqual(100);
  });

  it('measures the filesystem that will hold a data directory not created yet', async () => {
    const future = join(dir, 'not', 'yet');

    const { disk } = await probeSystem({ dataDir: future, sampleMs: 1 });

    expect(disk).toMatchObject({ path: future, measuredPath: dir });
  });

  it('reports a disk it cannot measure instead of throwing', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, '');

    const { disk } = await probeSystem({ dataDir: join(file, 'below'), sampleMs: 1 });

    expect(disk).toEqual({ path: join(file, 'below'), error: expect.stringContaining('ENOTDIR') as string });
  });

  it('reports this process', async () => {
    const measured = await probeSystem({ dataDir: dir, sampleMs: 1 });

    expect(measured.process.pid).toBe(process.pid);
    expect(measured.process.rssBytes).toBeGreaterThan(0);
  });

  it('stops when the run is cancelled', async () => {
    const controller = new AbortController();
    const probing = probeSystem({ dataDir: dir, sampleMs: 5000, signal: controller.signal });
    controller.abort();

    await expect(probing).rejects.toThrow(/abort/i);
  });
});
