import 'reflect-metadata';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, type RelaisConfig } from '@relais/config';
import { errorMessage } from '@relais/engine';
import { SchedulerModule } from './scheduler.module';

async function bootstrap(): Promise<void> {
  // Validated before Nest starts, so a bad variable gives one message instead of a Nest stack trace.
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(SchedulerModule, {
    logger: nestLogLevels(config.logLevel),
    // Nest's default is process.abort() on a failed provider (database unreachable): we want exit code 1.
    abortOnError: false,
  });
  app.enableShutdownHooks();
  new Logger('Scheduler').log(`Started (pid ${process.pid})`);
}

function nestLogLevels(level: RelaisConfig['logLevel']): LogLevel[] {
  const levels: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug'];
  const cut = { error: 2, warn: 3, info: 4, debug: 5 }[level];
  return levels.slice(0, cut);
}

bootstrap().catch((error: unknown) => {
  const message =
    error instanceof ConfigError
      ? `scheduler: invalid configuration: ${error.problems.join('; ')}`
      : `scheduler could not start: ${errorMessage(error).replace(/\s*\n\s*/g, ' ')}`;
  process.stderr.write(`${message}\n`);
  // Open handles (a Redis connection retrying) must not keep a process that failed to start alive.
  process.exit(1);
});
