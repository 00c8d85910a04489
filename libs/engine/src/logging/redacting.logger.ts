import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { SecretRedactor } from './secret-redactor';

/**
 * Nest's console logger with every line scrubbed by a SecretRedactor (RelaisConfig.secrets, Relais tokens, bearer
 * credentials) after formatting, so objects and errors are covered as well as strings. Every Relais process uses
 * it: the gateway's main.ts and startAppContext (scheduler, workers).
 */
export class RedactingLogger extends ConsoleLogger {
  private readonly redactor: SecretRedactor;

  constructor(secrets: readonly string[], logLevels: LogLevel[]) {
    super({ logLevels });
    this.redactor = new SecretRedactor(secrets);
  }

  protected override formatMessage(
    logLevel: LogLevel,
    message: unknown,
    pidMessage: string,
    formattedLogLevel: string,
    contextMessage: string,
    timestampDiff: string,
  ): string {
    return this.redactor.redact(
      super.formatMessage(logLevel, message, pidMessage, formattedLogLevel, contextMessage, timestampDiff),
    );
  }

  // Nest calls this after every error line, with `undefined` when the line has no stack: a logger that throws
  // here turns each `logger.error(message)` into an exception in the caller (a flow's failure path).
  protected override printStackTrace(stack: string | undefined): void {
    super.printStackTrace(this.redactor.redactNullable(stack) as string);
  }
}
