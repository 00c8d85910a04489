/**
 * A request to a seed-compatible route that cannot be served as asked: the seed's `{error}` body with this status.
 * Thrown by the seed controllers for input they check themselves (a missing qid, a malformed run id).
 */
export class SeedRequestError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'SeedRequestError';
  }
}
