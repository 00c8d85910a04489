import { execFile } from 'node:child_process';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testTempDir } from '../support/test-env';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);
const PINNED = '26.99.0';

/**
 * scripts/lib/setup.sh's use_supported_node, as .ci/run, npm test and npm start call it first: a fake `node`
 * stands for the machine's, a fake `npm` for the registry (a package with bin/node, or no package at all).
 */
describe('use_supported_node puts the .nvmrc release of Node first on PATH (scripts/lib/setup.sh)', () => {
  let directory: string;
  let fakeBin: string;

  beforeAll(async () => {
    directory = await testTempDir('supported-node-');
    fakeBin = join(directory, 'bin');
    await mkdir(join(directory, 'package', 'bin'), { recursive: true });
    await mkdir(fakeBin);
    await writeFile(join(directory, '.nvmrc'), `${PINNED}\n`);
    await writeFile(join(directory, 'package', 'bin', 'node'), `#!/bin/sh\necho v${PINNED}\n`);
    await chmod(join(directory, 'package', 'bin', 'node'), 0o755);
    await run('tar', ['-czf', join(directory, 'node-package.tgz'), '-C', directory, 'package']);
    await writeFile(
      join(fakeBin, 'node'),
      '#!/bin/sh\ncase "$1" in --version) echo "v$MACHINE_NODE" ;; -p) echo "${MACHINE_NODE%%.*}" ;; esac\n',
    );
    await chmod(join(fakeBin, 'node'), 0o755);
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  /** Runs use_supported_node, then prints which node is first on PATH and node-gyp's headers directory. */
  async function useSupportedNode(
    machineNode: string,
    fakeNpm: string,
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    await writeFile(join(fakeBin, 'npm'), `#!/bin/sh\n${fakeNpm}\n`);
    await chmod(join(fakeBin, 'npm'), 0o755);
    const script =
      'source "$1/scripts/lib/setup.sh" && cd "$2" && use_supported_node && node --version && echo "nodedir=${npm_config_nodedir:-}"';
    // npm passes its own nodedir setting to the scripts it runs (npx jest): not the one under test.
    const { npm_config_nodedir: _inherited, ...inherited } = process.env;
    const env = {
      ...inherited,
      PATH: `${fakeBin}:${process.env.PATH ?? ''}`,
      MACHINE_NODE: machineNode,
      RELAIS_NODE_CACHE: join(directory, `cache-${machineNode}`),
      RELAIS_PROGRESS_INTERVAL_S: '5',
    };
    return run('bash', ['-c', script, '_', ROOT, directory], { env, timeout: 30_000 }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: unknown) => ({ code: 1, ...(error as { stdout: string; stderr: string }) }),
    );
  }

  // `npm pack … --pack-destination DIR node-linux-<arch>@<version>` writes DIR/node-linux-<arch>-<version>.tgz.
  const registryWithNode = (): string =>
    `spec=$5; cp "${join(directory, 'node-package.tgz')}" "$4/\${spec%@*}-\${spec##*@}.tgz"`;

  it('keeps the machine’s node when it already is the pinned release, without asking the registry', async () => {
    const { code, stdout } = await useSupportedNode(PINNED, 'echo "registry asked" >&2; exit 1');
    expect(code).toBe(0);
    expect(stdout).toContain(`node v${PINNED} (already first on PATH)`);
  });

  it('fetches the registry’s Node package, unpacks it once, and puts it and its headers first', async () => {
    const first = await useSupportedNode('20.20.2', registryWithNode());
    expect(first.code).toBe(0);
    const cached = join(directory, 'cache-20.20.2', `node-v${PINNED}-linux-`);
    expect(first.stdout).toContain(`node v${PINNED} from ${cached}`);
    expect(first.stdout).toMatch(new RegExp(`^v${PINNED}\\nnodedir=${cached}(x64|arm64)$`, 'm'));
    // Cached: the registry is not asked again.
    const again = await useSupportedNode('20.20.2', 'echo "registry asked" >&2; exit 1');
    expect([again.code, again.stderr]).toEqual([0, '']);
    expect(again.stdout).toMatch(new RegExp(`^v${PINNED}$`, 'm'));
  });

  it('falls back to the machine’s Node 22 or newer with a warning, and refuses an older one', async () => {
    const noPackage = 'echo "npm error 404 Not Found" >&2; exit 1';
    const newer = await useSupportedNode('24.1.0', noPackage);
    expect(newer.code).toBe(0);
    expect(newer.stderr).toContain(`WARNING: could not install Node v${PINNED} from the npm registry`);
    expect(newer.stdout).toMatch(/^v24\.1\.0\nnodedir=$/m);

    const older = await useSupportedNode('20.1.0', noPackage);
    expect(older.code).toBe(1);
    expect(older.stderr).toContain('npm error 404 Not Found');
    expect(older.stderr).toContain("the machine's Node v20.1.0 cannot run better-sqlite3 13 (Node >= 22)");
  });
});
