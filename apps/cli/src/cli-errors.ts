import type { ApiError, RunDetail } from '@relais/contracts/api/api-types';

/** Bad command-line input found before calling the gateway (a malformed --param, an unreadable token file). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** No HTTP answer at all: connection refused, unknown host, timeout. */
export class GatewayUnreachableError extends Error {
  constructor(
    readonly url: string,
    /** The system error code (ECONNREFUSED, ENOTFOUND, ETIMEDOUT…) or a short reason. */
    readonly reason: string,
  ) {
    super(`Cannot reach the Relais gateway at ${url} (${reason})`);
    this.name = 'GatewayUnreachableError';
  }
}

/** The gateway answered with an error status. `body` is its ApiError when it sent JSON. */
export class ApiRequestError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly statusText: string,
    readonly body: Partial<ApiError> | null,
    /** The raw body when it was not JSON (a proxy's HTML page, say). */
    readonly text: string,
    /** Where the token sent came from (null: none was sent), to say which one the gateway refused. */
    readonly tokenSource: string | null = null,
  ) {
    super(`${method} ${path} answered ${status} ${statusText}`);
    this.name = 'ApiRequestError';
  }

  /** The gateway's own explanation, whatever shape Nest gave it (a string or a list of strings). */
  get apiMessage(): string {
    const message = this.body?.message as unknown;
    if (Array.isArray(message)) return message.map(String).join('; ');
    if (typeof message === 'string' && message) return message;
    return this.body?.error ?? (this.text.trim().slice(0, 200) || this.statusText);
  }
}

/** A watched run ended other than COMPLETED; its outcome has already been printed. */
export class RunUnsuccessfulError extends Error {
  constructor(readonly run: RunDetail) {
    super(`Run ${run.id} ended ${run.state}${run.error ? `: ${run.error}` : ''}`);
    this.name = 'RunUnsuccessfulError';
  }
}

/** The user pressed Ctrl-C while watching a run or following its log: the run itself goes on. */
export class InterruptedError extends Error {
  constructor(readonly runId: string) {
    super(`Stopped watching run ${runId}; it goes on (cancel it with: relais flow-run cancel ${runId}).`);
    this.name = 'InterruptedError';
  }
}
