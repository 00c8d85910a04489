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

  async setPaused(names: string[], paused: boolean): Promise<void> {
    if (names.length === 0) return;
    await this.deployments.update({ name: In(names) }, { paused, updatedAt: Date.now() });
  }

  async setNextRunAt(name: string, nextRunAt: number | null): Promise<void> {
    await this.deployments.update({ name }, { nextRunAt, updatedAt: Date.now() });
  }

  async recordFiring(name: string, runId: string, firedAt: number, nextRunAt: number | null): Promise<void> {
    await this.deployments.update({ name }, { lastRunAt: firedAt, lastRunId: runId, nextRunAt, updatedAt: Date.now() });
  }
}
