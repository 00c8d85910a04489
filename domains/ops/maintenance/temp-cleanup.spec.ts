import { mkdir, mkdtemp, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanDirectory } from './temp-cleanup';

const HOUR = 60 * 60 * 1000;

describe('the temp and cache cleanup', () => {
  let scratch: string;
  const now = Date.now();

  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'cleanup-'));
  });
  afterEach(() => rm(scratch, { recursive: true, force: true }));

  async function fileAged(path: string, ageMs: number): Promise<void> {
    await writeFile(path, 'data');
    await utimes(path, new Date(now - ageMs), new Date(now - ageMs));
  }

  it('deletes old files and the directories they leave empty, keeps new ones and the root', async () => {
    const root = join(scratch, 'cache');
    await mkdir(join(root, 'a', 'b'), { recursive: true });
    await fileAged(join(root, 'a', 'b', 'old.bin'), 48 * HOUR);
    await fileAged(join(root, 'new.bin'), HOUR);
    await utimes(join(root, 'a', 'b'), new Date(now - 48 * HOUR), new Date(now - 48 * HOUR));
    await utimes(join(root, 'a'), new Date(now - 48 * HOUR), new Date(now - 48 * HOUR));

    const outcome = await cleanDirectory(root, 24 * HOUR, now, []);
    expect(outcome).toMatchObject({ status: 'cleaned', filesDeleted: 1, bytesFreed: 4 });
    expect(await readdir(root)).toEqual(['new.bin']);
  });

  it('never follows nor deletes a symbolic link', async () => {
    const root = join(scratch, 'tmp');
    const outside = join(scratch, 'outside');
    await mkdir(root);
    await mkdir(outside);
    await fileAged(join(outside, 'precious.txt'), 48 * HOUR);
    await symlink(outside, join(root, 'to-outside'));
    expect(await cleanDirectory(root, 24 * HOUR, now, [])).toMatchObject({ filesDeleted: 0 });
    expect(await readdir(outside)).toEqual(['precious.txt']);
    expect(await readdir(root)).toEqual(['to-outside']);
  });

  it('refuses a root holding a protected path, and the filesystem root', async () => {
    await mkdir(join(scratch, 'data'));
    await fileAged(join(scratch, 'old.bin'), 48 * HOUR);
    expect(await cleanDirectory(scratch, 24 * HOUR, now, [join(scratch, 'data')])).toMatchObject({
      status: 'refused',
      reason: `it contains ${join(scratch, 'data')}`,
    });
    expect(await readdir(scratch)).toContain('old.bin');
    expect(await cleanDirectory('/', 24 * HOUR, now, [])).toMatchObject({ status: 'refused' });
  });

  it('reports a root that does not exist', async () => {
    expect(await cleanDirectory(join(scratch, 'nope'), HOUR, now, [])).toMatchObject({ status: 'missing' });
  });
});
