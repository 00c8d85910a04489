import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, loadConfig } from '@relais/config';
import { closeOnSignals, errorMessage, nestLogLevels } from '@relais/engine';
import { configureGatewayApp } from './bootstrap/configure-gateway-app';
import { GatewayModule } from './gateway.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule, {
    logger: nestLogLevels(config.logLevel),
    abortOnError: false,
    bodyParser: false,
  });
  await configureGatewayApp(app, config);
  closeOnSignals(app, 'gateway');
  await app.listen(config.gateway.port);
  new Logger('gateway').log(`Listening on http://localhost:${config.gateway.port}`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : `gateway could not start: ${errorMessage(error)}`}\n`,
  );
  process.exit(1);
});
