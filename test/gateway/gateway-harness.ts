import { Test, type TestingModule } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import type { CreatedToken, FlowContract } from '@relais/contracts';
import type { AnyDomain } from '@relais/domain-kit';
import { DOMAINS } from '@relais/domains';
import { FlowCatalogue } from '@relais/engine';
import { configureGatewayApp } from '../../apps/gateway/src/bootstrap/configure-gateway-app';
import { GatewayModule } from '../../apps/gateway/src/gateway.module';
import { TEST_CONTRACTS } from '../engine/test-flows';
import { testConfig, type TestConfig } from '../support/test-env';
import { testLogger } from '../support/capturing-test.logger';

/** A real gateway listening on a free port of 127.0.0.1, on a fresh database and Redis prefix. */
export interface RunningGateway {
  app: NestExpressApplication;
  moduleRef: TestingModule;
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  config: RelaisConfig;
  /** The environment the config came from: give it to a worker or scheduler to share the database and Redis. */
  env: Record<string, string>;
  /** The bootstrap admin token (RELAIS_ADMIN_TOKEN). */
  adminToken: string;
  /** Closes the app (not the database): call `cleanup()` after every process sharing it has stopped. */
  close(): Promise<void>;
  /** Drops the database, the Redis keys and the data directory. */
  cleanup: TestConfig['cleanup'];
}

export interface GatewayOptions {
  /** Extra environment variables (validated like the real app's). */
  env?: Record<string, string>;
  /** Share another gateway's configuration (same database, Redis prefix): a second replica. */
  shareWith?: RunningGateway;
  /** Contracts to add to the gateway's catalogue; the engine's test flows are always added. */
  contracts?: FlowContract[];
  /** The domains the gateway mounts (default: the shipped ones). */
  domains?: readonly AnyDomain[];
}

/** Starts the gateway app exactly as main.ts configures it, with the engine's test flows in its catalogue. */
export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  const shared = options.shareWith;
  const adminToken = shared?.adminToken ?? `relais_admin_${randomBytes(16).toString('hex')}`;
  const base: TestConfig = shared
    ? { config: shared.config, env: shared.env, cleanup: shared.cleanup }
    : await testConfig({ RELAIS_ADMIN_TOKEN: adminToken, ...options.env }, options.domains);
  const moduleRef = await Test.createTestingModule({ imports: [GatewayModule.forDomains(options.domains ?? DOMAINS)] })
    .setLogger(testLogger)
    .overrideProvider(RELAIS_CONFIG)
    .useValue(base.config)
    .compile();
  const catalogue = moduleRef.get(FlowCatalogue);
  for (const contract of [...TEST_CONTRACTS, ...(options.contracts ?? [])]) catalogue.register(contract);
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: testLogger });
  try {
    await configureGatewayApp(app, base.config);
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app.close().catch(() => undefined);
    if (!shared) await base.cleanup();
    throw error;
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    moduleRef,
    url: `http://127.0.0.1:${port}`,
    config: base.config,
    env: base.env,
    adminToken,
    close: () => app.close(),
    cleanup: base.cleanup,
  };
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** One HTTP call with the admin token unless `token` says otherwise (`null`: no Authorization header). */
export async function callApi<T = unknown>(
  gateway: Pick<RunningGateway, 'url' | 'adminToken'>,
  method: string,
  path: string,
  options: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const token = options.token === undefined ? gateway.adminToken : options.token;
  const headers: Record<string, string> = { ...options.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await fetch(gateway.url + path, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed as T };
}

/** Creates an API token through POST /api/tokens with the admin token, checking the 201, and returns it. */
export async function createToken(
  gateway: Pick<RunningGateway, 'url' | 'adminToken'>,
  name: string,
  role: string,
): Promise<CreatedToken> {
  const response = await callApi<CreatedToken>(gateway, 'POST', '/api/tokens', { body: { name, role } });
  expect(response.status).toBe(201);
  return response.body;
}
