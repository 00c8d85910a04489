import { Logger, type DynamicModule, type INestApplicationContext, type LogLevel, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, type RelaisConfig } from '@relais/config';
import type { AnyDomain } from '@relais/domain-kit';
import { errorMessage } from '../errors';
import { RedactingLogger } from '../logging/redacting.logger';
import { SecretRedactor } from '../logging/secret-redactor';

/**
 * Starts a headless Relais process (a worker or the scheduler). The configuration is validated before Nest
 * starts (the platform's and every domain's) so that a bad variable stops the process with one clear message and exit code 1, not a stack trace.
 * SIGTERM and SIGINT run the shutdown hooks (graceful worker close, final database flush), then exit 0.
 */
export async function startAppContext(
  name: string,
  module: Type | DynamicModule,
  domains: readonly AnyDomain[],
): Promise<INestApplicationContext | undefined> {
  // Until the configuration is read only token-shaped values are known to be secret.
  let redactor = new SecretRedactor([]);
  try {
    const config = loadConfig(process.env, { domains });
    redactor = new SecretRedactor(config.secrets);
    const app = await NestFactory.createApplicationContext(module, {
      // Nest would call process.abort() on a provider that fails to start (no database): report it and exit 1.
      abortOnError: false,
      logger: new RedactingLogger(config.secrets, nestLogLevels(config.logLevel)),
    });
    closeOnSignals(app, name);
    new Logger(name).log(`Started (pid ${process.pid})`);
    return app;
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : `${name} could not start: ${errorMessage(error)}`;
    process.stderr.write(`${redactor.redact(message)}\n`);
    process.exitCode = 1;
    // Open handles (a Redis connection retrying) must not keep a process that failed to start alive.
    setTimeout(() => process.exit(1), 100).unref();
    return undefined;
  }
}

/** Nest's log levels for a LOG_LEVEL. */
export function nestLogLevels(level: RelaisConfig['logLevel']): LogLevel[] {
  const levels: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug'];
  return levels.slice(0, { error: 2, warn: 3, info: 4, debug: 5 }[level]);
}

/**
 * Nest's enableShutdownHooks re-raises the signal after closing, so an orderly stop looks like a kill to
 * supervisors; this closes the app and exits 0 instead (1 if closing failed). A second signal forces the exit.
 */
export function closeOnSignals(app: INestApplicationContext, name: string): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) process.exit(1);
    closing = true;
    new Logger(name).log(`${signal} received: shutting down`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${name} did not shut down cleanly: ${errorMessage(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
