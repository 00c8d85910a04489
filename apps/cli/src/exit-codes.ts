import {
  ApiRequestError,
  GatewayUnreachableError,
  RunUnsuccessfulError,
  UsageError,
  InterruptedError,
} from './cli-errors';

/**
 * What `relais` exits with, for scripts. Documented in docs/cli.md; keep both in step: scripts depend on
 * these numbers.
 */
export const ExitCode = {
  /** Done; a watched run COMPLETED. */
  OK: 0,
  /** A watched run ended FAILED, CRASHED or CANCELLED. */
  RUN_UNSUCCESSFUL: 1,
  /** Bad arguments, or the gateway rejected the request as invalid (400 with the fields at fault). */
  USAGE: 2,
  /** No answer from the gateway (connection refused, unknown host, timeout). */
  GATEWAY_UNREACHABLE: 3,
  /** The token is missing, unknown or revoked (401), or its role is too low (403). */
  AUTH: 4,
  /** The flow, run, deployment or token does not exist (404). */
  NOT_FOUND: 5,
  /** The thing is not in a state that allows it (409: cancel a finished run, retry a running one). */
  CONFLICT: 6,
  /** The gateway failed (5xx), rate-limited us (429) or answered something unexpected. */
  GATEWAY_ERROR: 7,
  /** Anything else: a bug in the CLI (the message and stack trace are printed). */
  INTERNAL: 8,
  /** Ctrl-C while watching; the run itself goes on (128 + SIGINT, as shells report it). */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code for an error that ended a command. */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof RunUnsuccessfulError) return ExitCode.RUN_UNSUCCESSFUL;
  if (error instanceof UsageError) return ExitCode.USAGE;
  if (error instanceof GatewayUnreachableError) return ExitCode.GATEWAY_UNREACHABLE;
  if (error instanceof InterruptedError) return ExitCode.INTERRUPTED;
  if (error instanceof ApiRequestError) {
    if (error.status === 400 || error.status === 422) return ExitCode.USAGE;
    if (error.status === 401 || error.status === 403) return ExitCode.AUTH;
    if (error.status === 404) return ExitCode.NOT_FOUND;
    if (error.status === 409) return ExitCode.CONFLICT;
    return ExitCode.GATEWAY_ERROR;
  }
  return ExitCode.INTERNAL;
}
