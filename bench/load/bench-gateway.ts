import { DOMAINS } from '@relais/domains';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { configureGatewayApp } from '../../apps/gateway/src/bootstrap/configure-gateway-app';
import { GatewayModule } from '../../apps/gateway/src/gateway.module';

/** The gateway app as main.ts builds it, listening on a free port of 127.0.0.1. */
export interface BenchGateway {
  app: NestExpressApplication;
  /** `http://127.0.0.1:PORT`. */
  url: string;
  config: RelaisConfig;
}

/** Starts the real gateway in this process on the configuration in `env` (merged into process.env). */
export async function startBenchGateway(env: Record<string, string>): Promise<BenchGateway> {
  Object.assign(process.env, env);
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forDomains(DOMAINS), {
    logger: ['error', 'warn'],
    abortOnError: false,
    bodyParser: false,
  });
  const config = app.get<RelaisConfig>(RELAIS_CONFIG);
  await configureGatewayApp(app, config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, config };
}
