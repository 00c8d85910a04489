import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, Not, type Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { DeploymentDefinition } from '@relais/contracts';
import { DeploymentEntity } from '../entities';

/** The columns the code catalogue owns: rewritten on every sync (the others are runtime state). */
const CATALOGUE_COLUMNS = [
  'flow_name',
  'description',
  'parameters',
  'schedule_cron',
  'schedule_timezone',
  'schedule_every_ms',
  'catch_up',
  'tags',
  'in_catalogue',
  'updated_at',
];

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
   *
   * Writes only, no read first: on SQLite a transaction that reads and then writes cannot wait for the lock (its
   * read snapshot is stale once another process commits, and SQLite answers `database is locked` at once,
   * whatever the busy timeout), whereas one whose first statement writes waits for the lock like any write. So
   * an upsert that leaves the runtime columns alone instead of read, merge, save.
   */
  async syncCatalogue(definitions: readonly DeploymentDefinition[], defaultTimezone: string): Promise<void> {
    const now = Date.now();
    const rows = definitions.map((definition): DeploymentEntity => {
      const schedule = definition.schedule;
      return {
        name: definition.name,
        flowName: definition.flow,
        description: definition.description,
        parameters: definition.parameters,
        scheduleCron: schedule && 'cron' in schedule ? schedule.cron : null,
        scheduleTimezone: schedule && 'cron' in schedule ? (schedule.timezone ?? defaultTimezone) : null,
        scheduleEveryMs: schedule && 'everyMs' in schedule ? schedule.everyMs : null,
        catchUp: definition.catchUp ?? 'skip',
        // Only for a new deployment: the upsert below never overwrites these on an existing one.
        paused: definition.pausedByDefault ?? false,
        pausedByAll: false,
        tags: definition.tags,
        inCatalogue: true,
        lastRunAt: null,
        lastRunId: null,
        nextRunAt: null,
        createdAt: now,
        updatedAt: now,
      };
    });
    await this.deployments.manager.transaction(async (manager) => {
      if (rows.length > 0) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(DeploymentEntity)
          .values(rows as QueryDeepPartialEntity<DeploymentEntity>[])
          .orUpdate(CATALOGUE_COLUMNS, ['name'])
          .execute();
      }
      const names = definitions.map((definition) => definition.name);
      // TypeORM rejects an update with empty criteria, so "every deployment" is spelled out for an empty catalogue.
      await manager
        .getRepository(DeploymentEntity)
        .update(names.length ? { name: Not(In(names)) } : { name: Not(IsNull()) }, {
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
