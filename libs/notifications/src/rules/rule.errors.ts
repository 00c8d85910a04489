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
