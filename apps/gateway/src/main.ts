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
  const { host, port } = config.gateway;
  await app.listen(port, host);
  new Logger('gateway').log(`Listening on ${host}:${port} (http://${urlHost(host)}:${port})${reachNote(host)}`);
}

/** The host part of a URL that reaches the gateway from this machine. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** Says who can reach the gateway, and how to change it: the default surprises whoever opens it from elsewhere. */
function reachNote(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '; reachable from the network';
  if (host === '127.0.0.1' || host === '::1' || host === 'localhost') {
    return '; this machine only (set GATEWAY_HOST=0.0.0.0 to open it to the network)';
  }
  return '';
}

bootstrap().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : `gateway could not start: ${errorMessage(error)}`;
  process.stderr.write(`${redactor.redact(message)}\n`);
  process.exit(1);
});
