import { randomBytes } from 'node:crypto';
import { spawnTsProcess } from '../engine/engine-harness';
import { freePort } from '../support/free-port';
import { testConfig, waitFor, type TestConfig } from '../support/test-env';

/**
 * On Linux the whole of 127.0.0.0/8 is loopback: a server bound to 127.0.0.1 refuses 127.0.0.2, one bound to
 * every interface answers it. That tells "this machine only" from "every interface" without a second host.
 */
const OTHER_ADDRESS = '127.0.0.2';

async function answers(address: string, port: number): Promise<boolean> {
  const response = await fetch(`http://${address}:${port}/api/health`).catch(() => null);
  return response?.ok === true;
}

/** Runs the real gateway (apps/gateway/src/main.ts) with `env` until `check` has run; returns what it printed. */
async function withGatewayProcess(
  env: Record<string, string>,
  check: (port: number) => Promise<void>,
): Promise<string> {
  const port = await freePort();
  const child = spawnTsProcess('apps/gateway/src/main.ts', {
    ...env,
    GATEWAY_PORT: String(port),
    LOG_LEVEL: 'info',
    NO_COLOR: '1',
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`The gateway exited with ${child.exitCode}:\n${output}`);
        return output.includes('Listening on');
      },
      { timeoutMs: 90_000, intervalMs: 250, message: 'the gateway process to listen' },
    );
    await check(port);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return output;
}

describe('the gateway listens on GATEWAY_HOST (apps/gateway/src/main.ts)', () => {
  let setup: TestConfig;
  beforeAll(async () => {
    setup = await testConfig({ RELAIS_ADMIN_TOKEN: `relais_${randomBytes(24).toString('base64url')}` });
  });
  afterAll(async () => {
    await setup.cleanup();
  });

  it('listens on 127.0.0.1 only by default, and says how to open it to the network', async () => {
    // Empty counts as unset: a developer's GATEWAY_HOST must not leak into this test.
    const output = await withGatewayProcess({ ...setup.env, GATEWAY_HOST: '' }, async (port) => {
      expect(await answers('127.0.0.1', port)).toBe(true);
      expect(await answers(OTHER_ADDRESS, port)).toBe(false);
    });
    expect(output).toMatch(/Listening on 127\.0\.0\.1:\d+ .*this machine only \(set GATEWAY_HOST=0\.0\.0\.0/);
  }, 120_000);

  it('listens on every interface with GATEWAY_HOST=0.0.0.0', async () => {
    const output = await withGatewayProcess({ ...setup.env, GATEWAY_HOST: '0.0.0.0' }, async (port) => {
      expect(await answers('127.0.0.1', port)).toBe(true);
      expect(await answers(OTHER_ADDRESS, port)).toBe(true);
    });
    expect(output).toMatch(/Listening on 0\.0\.0\.0:\d+ .*reachable from the network/);
  }, 120_000);
});
