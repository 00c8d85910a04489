/** A rule whose fields or params are not valid; `problems` name each field at fault. */
export class InvalidRuleError extends Error {
  constructor(
    readonly ruleId: string,
    readonly problems: string[],
  ) {
    super(`Rule ${ruleId} is invalid: ${problems.join('; ')}`);
    this.name = 'InvalidRuleError';
  }
}

/** No rule has this id (HTTP 404). */
export class RuleNotFoundError extends Error {
  constructor(readonly ruleId: string) {
    super(`No notification rule has the id ${ruleId}`);
    this.name = 'RuleNotFoundError';
  }
}

/** A rule with this id exists already (HTTP 409). */
export class RuleConflictError extends Error {
  constructor(readonly ruleId: string) {
    super(`A notification rule with the id ${ruleId} exists already`);
    this.name = 'RuleConflictError';
  }
}
