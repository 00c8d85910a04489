import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { NotificationRuleEntity } from '../persistence/notification-rule.entity';
import { RULE_KINDS, type AlertRule, type RuleKind } from './alert-rule';
import { RULE_PARAMS_DTOS } from './rule-params.dto';
import { InvalidRuleError } from './rule.errors';

/**
 * The params of a rule of `kind`, validated: unknown fields are refused (a typo would otherwise silently widen
 * a filter). Throws InvalidRuleError naming each bad field.
 */
export function validateRuleParams(ruleId: string, kind: string, params: unknown): AlertRule['params'] {
  if (!RULE_KINDS.includes(kind as RuleKind)) {
    throw new InvalidRuleError(ruleId, [`kind must be one of ${RULE_KINDS.join(', ')} (got ${JSON.stringify(kind)})`]);
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new InvalidRuleError(ruleId, ['params must be an object']);
  }
  const dto = plainToInstance(RULE_PARAMS_DTOS[kind as RuleKind], params);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new InvalidRuleError(ruleId, messagesOf(errors));
  return { ...dto };
}

/** A stored rule as the evaluator uses it. Throws InvalidRuleError when its params no longer validate. */
export function parseAlertRule(entity: NotificationRuleEntity): AlertRule {
  const params = validateRuleParams(entity.id, entity.kind, entity.params);
  return {
    id: entity.id,
    kind: entity.kind,
    description: entity.description,
    severity: entity.severity,
    cooldownMs: entity.cooldownMs,
    enabled: entity.enabled,
    channels: entity.channels,
    createdAt: entity.createdAt,
    params,
  } as AlertRule;
}

function messagesOf(errors: ValidationError[], path = 'params.'): string[] {
  return errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(`property ${error.property} `) ? `${path}${message.slice(9)}` : `${path}${message}`,
    ),
    ...messagesOf(error.children ?? [], `${path}${error.property}.`),
  ]);
}
