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
}

/** The one HTTP status of each error kind, for every route of the gateway (generic API and domain routes). */
export const HTTP_STATUS_OF_ERROR_KIND: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  upstream: 502,
  unavailable: 503,
};
