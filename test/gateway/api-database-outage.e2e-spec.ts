import type { CreatedToken, RunSummary } from '@relais/contracts';
import { outageDatabase, type OutageDatabase } from '../support/database-outage';
import { callApi, createToken, startGateway, type RunningGateway } from './gateway-harness';

/*
 * Issue 16, item 11: with the database down, reads answer 503 with Retry-After, never 500 (launches too: see
 * api-outages.e2e-spec.ts). A real outage: on MariaDB the server is shut down (connection refused, as after a
 * crash or during a restart); on SQLite another process holds the write lock, where reads still work.
 */

const FLOW = 'test.do-nothing';

describe('Reads while the database is down', () => {
  let database: OutageDatabase;
  let gateway: RunningGateway;
  let token: CreatedToken;
  let runId: string;

  beforeAll(async () => {
    database = await outageDatabase();
    gateway = await startGateway({ env: { DATABASE_URL: database.url } });
    token = await createToken(gateway, 'reader', 'viewer');
    const launch = await callApi<RunSummary>(gateway, 'POST', `/api/flows/${FLOW}/runs`, { body: {} });
    expect(launch.status).toBe(201);
    runId = launch.body.id;
  }, 60_000);

  afterAll(async () => {
    await database.bringBack();
    await gateway.close();
    await gateway.cleanup();
    await database.close();
  }, 60_000);

  /** Every GET route of the gateway's API that reads the database, and those that do not. */
  const readsOfTheDatabase = (): string[] => [
    '/api/runs',
    `/api/runs/${runId}`,
    `/api/runs/${runId}/logs`,
    '/api/stats',
    '/api/deployments',
    '/api/deployments/hourly-health-check',
    '/api/reports/00000000-0000-4000-8000-000000000000',
    '/api/tokens',
  ];
  /** What a read answers when the database can be read: the data, or what it says about the request. */
  const readableAnswer = (path: string, admin: boolean): number => {
    // No report has that id; the catalogue is synced by the scheduler, which is not running.
    if (path.startsWith('/api/reports/') || path.startsWith('/api/deployments/')) return 404;
    // Tokens are listed to admins only.
    if (path === '/api/tokens' && !admin) return 403;
    return 200;
  };
  const readsOfNothing = ['/api/flows', `/api/flows/${FLOW}`, '/api/whoami', '/', '/api'];

  it('answers 503 with Retry-After (MariaDB) or the data (SQLite), never 500, with either kind of token', async () => {
    await database.takeDown();
    for (const credential of [gateway.adminToken, token.token]) {
      for (const path of readsOfTheDatabase()) {
        const reply = await callApi<{ message?: string }>(gateway, 'GET', path, { token: credential });
        const described = `${path} with ${credential === gateway.adminToken ? 'the admin token' : 'a stored token'}`;
        if (database.kind === 'mariadb') {
          expect({ described, status: reply.status }).toEqual({ described, status: 503 });
          expect(reply.headers.get('retry-after')).toBe('5');
          // A stored token cannot be checked either: the answer is the outage, not "unauthorised".
          expect(reply.body.message).toMatch(/database is unavailable/);
        } else {
          expect({ described, status: reply.status }).toEqual({
            described,
            status: readableAnswer(path, credential === gateway.adminToken),
          });
        }
      }
    }
    for (const path of readsOfNothing) {
      const reply = await callApi(gateway, 'GET', path);
      expect({ path, status: reply.status }).toEqual({ path, status: 200 });
    }
    // The health check says which dependency is down, with the same advice to come back later.
    const health = await callApi<{ database: boolean }>(gateway, 'GET', '/api/health', { token: null });
    if (database.kind === 'mariadb') {
      expect(health.status).toBe(503);
      expect(health.body.database).toBe(false);
      expect(health.headers.get('retry-after')).toBe('5');
    } else {
      expect(health.status).toBe(200);
    }

    await database.bringBack();
    expect((await callApi(gateway, 'GET', `/api/runs/${runId}`)).status).toBe(200);
  }, 120_000);
});
