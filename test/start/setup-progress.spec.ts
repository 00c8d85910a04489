import { execFile } from 'node:child_process';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testTempDir } from '../support/test-env';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

/**
 * scripts/lib/setup.sh's install step, as `npm start` and `npm test` run it on a fresh clone, with an `npm` on
 * the PATH that stands for a slow, silent `npm ci` (the real one installs for minutes).
 */
describe('installing node_modules says what is happening (scripts/lib/setup.sh)', () => {
  let directory: string;
  let fakeBin: string;

  beforeAll(async () => {
    directory = await testTempDir('setup-progress-');
    fakeBin = join(directory, 'bin');
    await mkdir(fakeBin);
    await writeFile(join(directory, 'package-lock.json'), '{}');
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  async function installWith(fakeNpm: string): Promise<{ stdout: string; stderr: string }> {
    await writeFile(join(fakeBin, 'npm'), `#!/bin/sh\n${fakeNpm}\n`);
    await chmod(join(fakeBin, 'npm'), 0o755);
    return run(
      'bash',
      ['-c', 'source "$1/scripts/lib/setup.sh" && cd "$2" && install_node_modules', '_', ROOT, directory],
      {
        env: { ...process.env, PATH: `${fakeBin}:${process.env.PATH}`, RELAIS_PROGRESS_INTERVAL_S: '1' },
        timeout: 30_000,
      },
    );
  }

  it('announces npm ci and why it is slow, then says it is still at it while npm prints nothing', async () => {
    const { stdout } = await installWith('echo "npm $*"; sleep 4; echo "added 1 package"');
    expect(stdout).toMatch(/^Installing node_modules \(npm ci\)\. The first time takes a few minutes/m);
    expect(stdout).toContain('npm ci --no-audit --no-fund');
    expect(stdout).toMatch(/^\.\.\. still installing node_modules \(npm ci\) \(\d+ s\)$/m);
    // The ticker stops with npm: npm's last line is the last line.
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('added 1 package');
  });

  it('keeps the fallback to npm install, and fails when both fail', async () => {
    const failing = installWith('echo "npm $1 failed" >&2; exit 1');
    await expect(failing).rejects.toMatchObject({ code: 1 });
    const { stderr } = (await failing.catch((error: unknown) => error)) as { stderr: string };
    expect(stderr).toContain('npm ci failed; trying npm install');
    expect(stderr).toContain('npm install failed');
  });
});
