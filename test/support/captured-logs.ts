/**
 * The log lines of the running test, kept on the test context's global object, where the test environment
 * (log-capturing.environment.ts) finds them: it prints them when the test fails and drops them when it passes.
 */
export const CAPTURED_LOGS_KEY = '__relaisCapturedLogs';

/** Lines kept per test: a test that loops on errors must not fill the memory of a whole run. */
export const CAPTURED_LOGS_LIMIT = 2000;

export interface CapturedLogs {
  lines: string[];
  dropped: number;
}

/** The store on `global` (the test's own globalThis, or the environment's view of it), created on first use. */
export function capturedLogsOf(global: Record<string, unknown>): CapturedLogs {
  const existing = global[CAPTURED_LOGS_KEY] as CapturedLogs | undefined;
  if (existing) return existing;
  const created: CapturedLogs = { lines: [], dropped: 0 };
  global[CAPTURED_LOGS_KEY] = created;
  return created;
}

/** Adds one line, dropping the oldest past the limit. */
export function captureLine(logs: CapturedLogs, line: string): void {
  logs.lines.push(line);
  if (logs.lines.length > CAPTURED_LOGS_LIMIT) {
    logs.lines.shift();
    logs.dropped += 1;
  }
}
