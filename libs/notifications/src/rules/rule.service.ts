import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { isUniqueViolation } from '@relais/persistence';
import type { NotificationRuleEntity } from '../persistence/notification-rule.entity';
import type { RuleRepository } from '../persistence/rule.repository';
import { validateRuleParams } from './parse-alert-rule';
import { AlertRuleInputDto } from './rule-params.dto';
import { InvalidRuleError, RuleConflictError, RuleNotFoundError } from './rule.errors';

/** The operations behind `GET/POST/PATCH/DELETE /api/notifications/rules`, each input validated. */
export class RuleService {
  constructor(
    private readonly rules: RuleRepository,
    private readonly clock: () => number = Date.now,
  ) {}

  list(): Promise<NotificationRuleEntity[]> {
    return this.rules.findAll();
  }

  /** Creates a rule; InvalidRuleError names each bad field, RuleConflictError an id already used. */
  async create(input: unknown): Promise<NotificationRuleEntity> {
    const dto = validated(input, false);
    const now = this.clock();
    const rule: NotificationRuleEntity = {
      id: dto.id,
      kind: dto.kind,
      description: dto.description ?? '',
      params: validateRuleParams(dto.id, dto.kind, dto.params) as Record<string, unknown>,
      severity: dto.severity ?? 'warning',
      cooldownMs: (dto.cooldown_minutes ?? 15) * 60_000,
      enabled: dto.enabled ?? true,
      channels: dto.channels ?? null,
      origin: 'api',
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.rules.insert(rule);
    } catch (error) {
      if (isUniqueViolation(error)) throw new RuleConflictError(dto.id);
      throw error;
    }
    return rule;
  }

  /** Changes some fields of a rule (its id and kind stay); params are validated against its kind. */
  async update(id: string, patch: unknown): Promise<NotificationRuleEntity> {
    const current = await this.rules.findById(id);
    if (!current) throw new RuleNotFoundError(id);
    const dto = validated({ ...(isObject(patch) ? patch : {}), id, kind: current.kind }, true);
    if (isObject(patch) && 'kind' in patch && patch.kind !== current.kind) {
      throw new InvalidRuleError(id, ['kind cannot change: delete the rule and create another']);
    }
    const changes: Partial<NotificationRuleEntity> = { updatedAt: this.clock() };
    if (dto.params !== undefined)
      changes.params = validateRuleParams(id, current.kind, dto.params) as Record<string, unknown>;
    if (dto.description !== undefined) changes.description = dto.description;
    if (dto.severity !== undefined) changes.severity = dto.severity;
    if (dto.cooldown_minutes !== undefined) changes.cooldownMs = dto.cooldown_minutes * 60_000;
    if (dto.enabled !== undefined) changes.enabled = dto.enabled;
    if (dto.channels !== undefined) changes.channels = dto.channels.length ? dto.channels : null;
    await this.rules.update(id, changes);
    return { ...current, ...changes };
  }

  /** Deletes a rule made through the API; a catalogue rule would come back at the next start: disable it instead. */
  async delete(id: string): Promise<void> {
    const current = await this.rules.findById(id);
    if (!current) throw new RuleNotFoundError(id);
    if (current.origin === 'catalogue') {
      throw new InvalidRuleError(id, [
        'a catalogue rule cannot be deleted (it is restored at start): set enabled to false',
      ]);
    }
    await this.rules.delete(id);
  }
}

function validated(input: unknown, partial: boolean): AlertRuleInputDto {
  if (!isObject(input)) throw new InvalidRuleError('?', ['the body must be a JSON object']);
  const dto = plainToInstance(AlertRuleInputDto, input);
  const errors = validateSync(dto, { skipMissingProperties: partial, whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const id = typeof input.id === 'string' ? input.id : '?';
    throw new InvalidRuleError(
      id,
      errors.flatMap((error) => Object.values(error.constraints ?? {})),
    );
  }
  return dto;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
