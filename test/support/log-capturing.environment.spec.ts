import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

/**
 * The repository's Jest (its configuration, this environment) on a fixture suite with one passing and one
 * failing test, both logging through the apps' logger: only the failing test's lines may reach the output.
 */
describe('the test environment prints what the apps logged only for a failing test', () => {
  it('keeps a passing test quiet and shows the logs of a failing one', async () => {
    const outcome = await run(
      join(ROOT, 'node_modules', '.bin', 'jest'),
      ['--runInBand', '--ci', '--testMatch', '**/log-capture-fixture/*.fixture.ts', '--coverage=false'],
      // The fixture needs no server: reuse this run's Redis rather than start one more.
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 },
    ).then(
      () => ({ code: 0, output: '' }),
      (error: unknown) => {
        const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
        return { code, output: stdout + stderr };
      },
    );
    expect(outcome.code).toBe(1);
    expect(outcome.output).toContain(
      'What the apps logged before the test "a suite whose apps log › fails after a warning" failed',
    );
    expect(outcome.output).toMatch(/WARN \[Fixture\] the warning that explains the failure/);
    expect(outcome.output).not.toContain('an error this passing test expected');
    expect(outcome.output).not.toContain('at the stack of it');
  }, 150_000);
});
