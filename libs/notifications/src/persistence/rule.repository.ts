import { Injectable } from '@nestjs/common';
import { DataSource, In, Not, type Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { CatalogueRule } from '../rules/rule-catalogue';
import { NotificationRuleEntity } from './notification-rule.entity';

/** Alert rules as stored: the code catalogue synced in, plus rules made through the API. */
@Injectable()
export class RuleRepository {
  private readonly rules: Repository<NotificationRuleEntity>;

  constructor(dataSource: DataSource) {
    this.rules = dataSource.getRepository(NotificationRuleEntity);
  }

  findAll(): Promise<NotificationRuleEntity[]> {
    return this.rules.find({ order: { id: 'ASC' } });
  }

  findEnabled(): Promise<NotificationRuleEntity[]> {
    return this.rules.find({ where: { enabled: true }, order: { id: 'ASC' } });
  }

  findById(id: string): Promise<NotificationRuleEntity | null> {
    return this.rules.findOneBy({ id });
  }

  async insert(rule: NotificationRuleEntity): Promise<void> {
    await this.rules.insert(asRow(rule));
  }

  /** Applies `changes`; false when no rule has that id. */
  async update(id: string, changes: Partial<Omit<NotificationRuleEntity, 'id' | 'createdAt'>>): Promise<boolean> {
    const result = await this.rules.update({ id }, asRow(changes));
    return (result.affected ?? 0) > 0;
  }

  /** Deletes a rule; false when no rule has that id. */
  async delete(id: string): Promise<boolean> {
    const result = await this.rules.delete({ id });
    return (result.affected ?? 0) > 0;
  }

  /**
   * Inserts the catalogue rules the database does not have yet. Existing ones are left as they are: an operator
   * may have tuned or disabled them, and a restart must not undo that. Returns the ids inserted.
   */
  async syncCatalogue(catalogue: readonly CatalogueRule[], now: number): Promise<string[]> {
    const ids = catalogue.map((rule) => rule.id);
    if (ids.length === 0) return [];
    const existing = new Set((await this.rules.findBy({ id: In(ids) })).map((rule) => rule.id));
    const missing = catalogue.filter((rule) => !existing.has(rule.id));
    if (missing.length > 0) {
      await this.rules.insert(
        missing.map((rule) =>
          asRow({
            id: rule.id,
            kind: rule.kind,
            description: rule.description,
            params: rule.params as Record<string, unknown>,
            severity: rule.severity,
            cooldownMs: rule.cooldownMs,
            enabled: rule.enabled,
            channels: rule.channels,
            origin: 'catalogue' as const,
            createdAt: now,
            updatedAt: now,
          }),
        ),
      );
    }
    return missing.map((rule) => rule.id);
  }

  /** Rules of the catalogue origin that the code no longer ships (kept, reported to the operator). */
  async orphanedCatalogueRules(catalogue: readonly CatalogueRule[]): Promise<NotificationRuleEntity[]> {
    const ids = catalogue.map((rule) => rule.id);
    return this.rules.findBy(ids.length ? { origin: 'catalogue', id: Not(In(ids)) } : { origin: 'catalogue' });
  }
}

/** TypeORM's deep-partial type cannot follow JSON columns (`params`, `channels`); the rows are entities. */
function asRow(row: Partial<NotificationRuleEntity>): QueryDeepPartialEntity<NotificationRuleEntity> {
  return row as QueryDeepPartialEntity<NotificationRuleEntity>;
}
