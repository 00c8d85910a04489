/**
 * What went wrong, in terms every caller maps the same way: the gateway turns a kind into one HTTP status
 * (invalid 400, not_found 404, conflict 409, upstream 502, unavailable 503), the CLI into an exit code.
 */
export type ErrorKind = 'invalid' | 'not_found' | 'conflict' | 'upstream' | 'unavailable';

/**
 * The base of Relais's typed errors: a domain's error says what kind it is, so a new domain's errors need no
 * edit of any error filter. `fields` names each bad field of an `invalid` error.
 */
export abstract class RelaisError extends Error {
  abstract readonly kind: ErrorKind;
  readonly fields?: Record<string, string[]>;

  /**
   * What an API caller is told. The message by default; an error whose message holds what only operators should
   * read (an upstream's internal URL and answer) says less here and keeps the details for the log.
   */
  get publicMessage(): string {
    return this.message;
  }
}

/** The one HTTP status of each error kind, for every route of the gateway (generic API and domain routes). */
export const HTTP_STATUS_OF_ERROR_KIND: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  upstream: 502,
  unavailable: 503,
};

/** A request whose fields are wrong, each named with what it expects: a 400 on every route. */
export class InvalidRequestError extends RelaisError {
  readonly kind = 'invalid';

  constructor(override readonly fields: Record<string, string[]>) {
    super(
      `Invalid request: ${Object.entries(fields)
        .map(([field, problems]) => `${field}: ${problems.join(', ')}`)
        .join('; ')}`,
    );
    this.name = 'InvalidRequestError';
  }
}
