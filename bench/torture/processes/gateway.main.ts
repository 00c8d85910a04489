// The gateway as its own process, as apps/gateway/src/main.ts starts it, with the torture domain for domains.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@relais/config';
import { closeOnSignals, errorMessage, nestLogLevels, RedactingLogger } from '@relais/engine';
import { configureGatewayApp } from '../../../apps/gateway/src/bootstrap/configure-gateway-app';
import { GatewayModule } from '../../../apps/gateway/src/gateway.module';
import { tortureDomain } from '../torture-flow';
import { followParent, sayReady } from './process-life';

async function bootstrap(): Promise<void> {
  const domains = [tortureDomain()];
  const config = loadConfig(process.env, { domains });
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forDomains(domains), {
    logger: new RedactingLogger(config.secrets, nestLogLevels(config.logLevel)),
    abortOnError: false,
    bodyParser: false,
  });
  await configureGatewayApp(app, config);
  closeOnSignals(app, 'gateway');
  await app.listen(config.gateway.port, config.gateway.host);
  sayReady();
}

followParent();
bootstrap().catch((error: unknown) => {
  process.stderr.write(`gateway could not start: ${errorMessage(error)}\n`);
  process.exit(1);
});
