import { RelaisError, type ErrorKind } from '@relais/contracts';

const KIND_OF_STATUS = { 400: 'invalid', 404: 'not_found', 409: 'conflict' } as const satisfies Record<
  number,
  ErrorKind
>;

/**
 * A request to a seed-compatible route that cannot be served as asked: the seed's `{error}` body with this status.
 * Thrown by the seed controllers for input they check themselves (a missing qid, a malformed run id).
 */
export class SeedRequestError extends RelaisError {
  readonly kind: ErrorKind;

  constructor(status: keyof typeof KIND_OF_STATUS, message: string) {
    super(message);
    this.kind = KIND_OF_STATUS[status];
    this.name = 'SeedRequestError';
  }
}
