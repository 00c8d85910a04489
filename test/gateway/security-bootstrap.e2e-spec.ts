import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { callApi, startGateway, type RunningGateway } from './gateway-harness';

const TOKEN_PATTERN = /relais_[A-Za-z0-9_-]{43}/g;

/**
 * Everything written to this process's stdout from now until `stop()`, kept from the terminal: the banner holds
 * a live admin token, which a passing run has no reason to print.
 */
function captureStdout(): { text(): string; stop(): void } {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((argument): argument is () => void => typeof argument === 'function');
    callback?.();
    return true;
  });
  return { text: () => chunks.join(''), stop: () => spy.mockRestore() };
}

async function bootstrapRows(gateway: RunningGateway): Promise<{ token_hash: string; role: string }[]> {
  return gateway.app
    .get(DataSource)
    .query<{ token_hash: string; role: string }[]>(
      "SELECT token_hash, role FROM api_tokens WHERE name = 'bootstrap-admin'",
    );
}

describe('gateway security: bootstrap admin token', () => {
  it('without RELAIS_ADMIN_TOKEN creates an admin token at first start and prints it once, never again', async () => {
    const firstStdout = captureStdout();
    let first: RunningGateway;
    try {
      first = await startGateway({ env: { RELAIS_ADMIN_TOKEN: '' } });
    } finally {
      firstStdout.stop();
    }
    let second: RunningGateway | undefined;
    try {
      expect(first.config.gateway.adminToken).toBeNull();
      const printed = firstStdout.text();
      const tokens = printed.match(TOKEN_PATTERN) ?? [];
      expect(tokens).toHaveLength(1);
      expect(printed).toContain('Relais bootstrap admin token. It is shown ONCE');
      const token = tokens[0]!;

      const whoami = await callApi(first, 'GET', '/api/whoami', { token });
      expect(whoami.status).toBe(200);
      expect(whoami.body).toMatchObject({ name: 'bootstrap-admin', role: 'admin' });
      expect(await bootstrapRows(first)).toEqual([
        { token_hash: createHash('sha256').update(token).digest('hex'), role: 'admin' },
      ]);
      await first.close();

      const secondStdout = captureStdout();
      try {
        second = await startGateway({ shareWith: first });
      } finally {
        secondStdout.stop();
      }
      expect(secondStdout.text()).not.toMatch(TOKEN_PATTERN);
      expect(secondStdout.text()).not.toContain('bootstrap admin token');
      expect((await callApi(second, 'GET', '/api/whoami', { token })).status).toBe(200);
      expect(await bootstrapRows(second)).toHaveLength(1);
    } finally {
      await second?.close();
      await first.cleanup();
    }
  });

  it('with RELAIS_ADMIN_TOKEN registers that token once, by its hash, and prints no token', async () => {
    const stdout = captureStdout();
    let first: RunningGateway;
    let second: RunningGateway | undefined;
    try {
      first = await startGateway();
      await first.close();
      second = await startGateway({ shareWith: first });
    } finally {
      stdout.stop();
    }
    try {
      expect(stdout.text()).not.toContain('bootstrap admin token');
      expect(stdout.text()).not.toContain(first.adminToken);
      expect(await bootstrapRows(second)).toEqual([
        { token_hash: createHash('sha256').update(first.adminToken).digest('hex'), role: 'admin' },
      ]);
      expect((await callApi(second, 'GET', '/api/whoami')).body).toMatchObject({ role: 'admin' });
    } finally {
      await second.close();
      await first.cleanup();
    }
  });

  it('starts while Redis is away, says so on /api/health, and still authenticates from the database', async () => {
    // Nothing listens on port 1: every Redis command fails.
    const gateway = await startGateway({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const health = await callApi<{ redis: boolean; database: boolean }>(gateway, 'GET', '/api/health', {
        token: null,
      });
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ redis: false, database: true });
      expect((await callApi(gateway, 'GET', '/api/whoami')).status).toBe(200);
    } finally {
      await gateway.close();
      await gateway.cleanup();
    }
  });
});
