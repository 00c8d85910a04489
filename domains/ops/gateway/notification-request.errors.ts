import { RelaisError } from '@relais/contracts';
import { InvalidRuleError, RuleConflictError, RuleNotFoundError } from '@relais/notifications';

/** A request to the notification routes that names bad fields (HTTP 400 with `fields`). */
export class NotificationRequestError extends RelaisError {
  readonly kind = 'invalid';

  constructor(override readonly fields: Record<string, string[]>) {
    super(`Invalid request: ${Object.values(fields).flat().join('; ')}`);
    this.name = 'NotificationRequestError';
  }
}

/** No rule has this id (HTTP 404). */
export class RuleNotFound extends RelaisError {
  readonly kind = 'not_found';
}

/** The rule id is taken (HTTP 409). */
export class RuleIdTaken extends RelaisError {
  readonly kind = 'conflict';
}

/**
 * The lib's rule errors as the gateway's kinds: each problem of an invalid rule is filed under the field its
 * message starts with (`params.flows must…`, `property colour should not exist`), so a caller sees which field.
 */
export function asRequestError(error: unknown): unknown {
  if (error instanceof InvalidRuleError) {
    const fields: Record<string, string[]> = {};
    for (const problem of error.problems) {
      const field = /^property (\S+) /.exec(problem)?.[1] ?? /^(\S+)/.exec(problem)?.[1] ?? 'body';
      (fields[field] ??= []).push(problem);
    }
    return new NotificationRequestError(fields);
  }
  if (error instanceof RuleNotFoundError) return new RuleNotFound(error.message);
  if (error instanceof RuleConflictError) return new RuleIdTaken(error.message);
  return error;
}
