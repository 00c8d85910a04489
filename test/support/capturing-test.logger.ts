import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { inspect } from 'node:util';
import { captureLine, capturedLogsOf } from './captured-logs';

/** Debug and verbose stay out: they would drown the lines that explain a failure. */
const CAPTURED_LEVELS: LogLevel[] = ['log', 'warn', 'error', 'fatal'];

/**
 * The Nest logger of every in-process app a test starts (the harnesses give it to TestingModuleBuilder.setLogger).
 * It writes nothing: each line is kept with the running test, and the test environment prints them only if that
 * test fails. Many tests cause errors on purpose (a failing flow, Redis gone), and their ERROR lines and stack
 * traces would otherwise bury a passing run's summary.
 */
export class CapturingTestLogger extends ConsoleLogger {
  constructor() {
    super({ logLevels: CAPTURED_LEVELS, colors: false });
  }

  /** An app's `logger: ['error']` option lands here: captured lines cost nothing on screen, so keep them all. */
  override setLogLevels(): void {
    super.setLogLevels(CAPTURED_LEVELS);
  }

  protected override printMessages(messages: unknown[], context = '', logLevel: LogLevel = 'log'): void {
    const logs = capturedLogsOf(globalThis);
    for (const message of messages) {
      const text = typeof message === 'string' ? message : inspect(message, { depth: 4, breakLength: Infinity });
      captureLine(logs, `${logLevel.toUpperCase().padStart(7)} [${context}] ${text}`);
    }
  }

  protected override printStackTrace(stack: string): void {
    if (stack) captureLine(capturedLogsOf(globalThis), stack);
  }
}

/** One logger for every app of a test file: Nest keeps a single static logger anyway. */
export const testLogger = new CapturingTestLogger();
