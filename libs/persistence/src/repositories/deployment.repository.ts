import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, Not, type Repository } from 'typeorm';
import type { DeploymentDefinition } from '@relais/contracts';
import { DeploymentEntity } from '../entities';

@Injectable()
export class DeploymentRepository {
  private readonly deployments: Repository<DeploymentEntity>;

  constructor(dataSource: DataSource) {
    this.deployments = dataSource.getRepository(DeploymentEntity);
  }

  findAll(): Promise<DeploymentEntity[]> {
    return this.deployments.find({ order: { name: 'ASC' } });
  }

  findByName(name: string): Promise<DeploymentEntity | null> {
    return this.deployments.findOneBy({ name });
  }

  /**
   * Writes the catalogue: definitions are replaced, runtime state (paused, last/next run) is kept, a new
   * deployment starts paused only if its definition says so, and ones gone from the catalogue are flagged.
   */
  async syncCatalogue(definitions: readonly DeploymentDefinition[], defaultTimezone: string): Promise<void> {
    const now = Date.now();
    await this.deployments.manager.transaction(async (manager) => {
      const repo = manager.getRepository(DeploymentEntity);
      const existing = new Map((await repo.find()).map((row) => [row.name, row]));
      for (const definition of definitions) {
        const current = existing.get(definition.name);
        const schedule = definition.schedule;
        const row: DeploymentEntity = {
          name: definition.name,
          flowName: definition.flow,
          description: definition.description,
          parameters: definition.parameters,
          scheduleCron: schedule && 'cron' in schedule ? schedule.cron : null,
          scheduleTimezone: schedule && 'cron' in schedule ? (schedule.timezone ?? defaultTimezone) : null,
          scheduleEveryMs: schedule && 'everyMs' in schedule ? schedule.everyMs : null,
          paused: current ? current.paused : (definition.pausedByDefault ?? false),
          pausedByAll: current?.pausedByAll ?? false,
          tags: definition.tags,
          inCatalogue: true,
          lastRunAt: current?.lastRunAt ?? null,
          lastRunId: current?.lastRunId ?? null,
          nextRunAt: current?.nextRunAt ?? null,
          createdAt: current?.createdAt ?? now,
          updatedAt: now,
        };
        await repo.save(row);
      }
      const names = definitions.map((definition) => definition.name);
      // TypeORM rejects an update with empty criteria, so "every deployment" is spelled out for an empty catalogue.
      await repo.update(names.length ? { name: Not(In(names)) } : { name: Not(IsNull()) }, {
        inCatalogue: false,
        updatedAt: now,
      });
    });
  }

  /** Pauses or resumes these deployments by name: an operator's own decision, so "pause all" no longer owns them. */
  async setPaused(names: string[], paused: boolean): Promise<void> {
    if (names.length === 0) return;
    await this.deployments.update({ name: In(names) }, { paused, pausedByAll: false, updatedAt: Date.now() });
  }

  /** "Pause all": pauses those of `names` that are active, marked as paused by it. Returns the names it paused. */
  async pauseAsAll(names: string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const active = (await this.deployments.findBy({ name: In(names), paused: false })).map((row) => row.name);
    if (active.length === 0) return [];
    await this.deployments.update(
      { name: In(active), paused: false },
      { paused: true, pausedByAll: true, updatedAt: Date.now() },
    );
    return active;
  }

  /** "Resume all": resumes the deployments "pause all" paused, and only those. Returns their names. */
  async resumePausedByAll(): Promise<string[]> {
    const marked = (await this.deployments.findBy({ pausedByAll: true })).map((row) => row.name);
    if (marked.length === 0) return [];
    await this.deployments.update(
      { name: In(marked), pausedByAll: true },
      { paused: false, pausedByAll: false, updatedAt: Date.now() },
    );
    return marked;
  }

  async setNextRunAt(name: string, nextRunAt: number | null): Promise<void> {
    await this.deployments.update({ name }, { nextRunAt, updatedAt: Date.now() });
  }

  async recordFiring(name: string, runId: string, firedAt: number, nextRunAt: number | null): Promise<void> {
    await this.deployments.update({ name }, { lastRunAt: firedAt, lastRunId: runId, nextRunAt, updatedAt: Date.now() });
  }
}
