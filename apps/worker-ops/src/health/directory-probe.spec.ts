import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeDirectories } from './directory-probe';

describe('probeDirectories', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relais-directory-probe-'));
  });

  afterAll(async () => {
    // rm cannot empty a directory it may not write to (created only when the specs do not run as root).
    if (existsSync(join(dir, 'read-only'))) await chmod(join(dir, 'read-only'), 0o755);
    await rm(dir, { recursive: true, force: true });
  });

  it('finds a writable directory writable and leaves nothing behind', async () => {
    const writable = join(dir, 'writable');
    await mkdir(writable);

    await expect(probeDirectories([writable])).resolves.toEqual([
      { path: writable, exists: true, writable: true, error: null },
    ]);
    await expect(readdir(writable)).resolves.toEqual([]);
  });

  it('reports a missing directory', async () => {
    const missing = join(dir, 'missing');

    await expect(probeDirectories([missing])).resolves.toEqual([
      { path: missing, exists: false, writable: false, error: 'does not exist' },
    ]);
  });

  it('reports a file where a directory should be', async () => {
    const file = join(dir, 'file');
    await writeFile(file, '');

    await expect(probeDirectories([file])).resolves.toEqual([
      { path: file, exists: false, writable: false, error: 'is not a directory' },
    ]);
  });

  it('reports a directory it cannot write to', async () => {
    // Root ignores permission bits, so as root a directory the kernel refuses files in (sysfs) stands in.
    const runsAsRoot = process.getuid?.() === 0;
    let readOnly = join(dir, 'read-only');
    if (runsAsRoot) {
      readOnly = '/sys';
      if (!existsSync(readOnly)) return;
    } else {
      await mkdir(readOnly);
      await chmod(readOnly, 0o555);
    }

    const [measured] = await probeDirectories([readOnly]);

    expect(measured).toEqual({
      path: readOnly,
      exists: true,
      writable: false,
      error: expect.stringMatching(/^cannot write a file: E(ACCES|PERM|ROFS)/) as string,
    });
  });

  it('probes several directories, each on its own', async () => {
    const writable = join(dir, 'several');
    await mkdir(writable);

    const measured = await probeDirectories([writable, join(dir, 'absent')]);

    expect(measured.map((directory) => [directory.exists, directory.writable])).toEqual([
      [true, true],
      [false, false],
    ]);
  });

  it('stops when the run is cancelled', async () => {
    const controller = new AbortController();
    controller.abort(new Error('run cancelled'));

    await expect(probeDirectories([dir], { signal: controller.signal })).rejects.toThrow('run cancelled');
  });
});
