import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, loadConfig } from '@relais/config';
import { closeOnSignals, errorMessage, nestLogLevels, RedactingLogger, SecretRedactor } from '@relais/engine';
import { configureGatewayApp } from './bootstrap/configure-gateway-app';
import { DOMAINS } from '@relais/domains';
import { GatewayModule } from './gateway.module';

// Until the configuration is read only token-shaped values are known to be secret.
let redactor = new SecretRedactor([]);

async function bootstrap(): Promise<void> {
  const config = loadConfig(process.env, { domains: DOMAINS });
  redactor = new SecretRedactor(config.secrets);
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forDomains(DOMAINS), {
    logger: new RedactingLogger(config.secrets, nestLogLevels(config.logLevel)),
    abortOnError: false,
    bodyParser: false,
  });
  await configureGatewayApp(app, config);
  closeOnSignals(app, 'gateway');
  await app.listen(config.gateway.port);
  new Logger('gateway').log(`Listening on http://localhost:${config.gateway.port}`);
}

bootstrap().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : `gateway could not start: ${errorMessage(error)}`;
  process.stderr.write(`${redactor.redact(message)}\n`);
  process.exit(1);
});
