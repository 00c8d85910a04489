import { Inject, Injectable } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import type { MaintenanceActionReport } from '@relais/domains/ops/contracts';
import { listBackups, pruneBackups } from '@relais/domains/ops/maintenance/backup-file';
import type { MaintenanceAction } from '@relais/domains/ops/maintenance/emergency-plan';
import { LogArchive } from '@relais/domains/ops/maintenance/log-archive';
import { cleanDirectory } from '@relais/domains/ops/maintenance/temp-cleanup';
import { DatabaseBackups } from '@relais/domains/ops/persistence/database-backups';
import { DatabaseUpkeep } from '@relais/domains/ops/persistence/database-upkeep';
import {
  NotificationRetentionRepository,
  type NotificationCursor,
} from '@relais/domains/ops/persistence/notification-retention.repository';
import { RunRetentionRepository } from '@relais/domains/ops/persistence/run-retention.repository';
import { opsSettingsOf, type MaintenanceSettings } from '@relais/domains/ops/settings/ops.settings';
import { FlowCatalogue, QueueRegistry } from '@relais/engine';
import { probeChroma } from '../health/chroma-probe';
import { probeQueues } from '../health/queue-probe';
import { probeSystem } from '../health/system-probe';

const DAY = 24 * 60 * 60 * 1000;
/** BullMQ removes at most this many jobs per clean call; a queue is cleaned in such rounds. */
const QUEUE_CLEAN_ROUND = 1000;
/** Retention stops after this many batches per run (the next run goes on): a run never holds the database long. */
const MAX_BATCHES = 2000;

/**
 * Every maintenance action, each returning what it did as a report: the daily, weekly and emergency flows are
 * lists of these, each in its own durable step. Actions change only what their settings name (BACKUP_DIR, the
 * retention windows, CLEANUP_DIRECTORIES).
 */
@Injectable()
export class MaintenanceActions {
  private readonly settings: MaintenanceSettings;

  constructor(
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
    @Inject(DatabaseBackups) private readonly backups: DatabaseBackups,
    @Inject(DatabaseUpkeep) private readonly upkeep: DatabaseUpkeep,
    @Inject(RunRetentionRepository) private readonly retention: RunRetentionRepository,
    @Inject(NotificationRetentionRepository) private readonly notificationRetention: NotificationRetentionRepository,
    @Inject(QueueRegistry) private readonly queues: QueueRegistry,
    @Inject(FlowCatalogue) private readonly catalogue: FlowCatalogue,
  ) {
    this.settings = opsSettingsOf(config).maintenance;
  }

  /** Runs one action by name (the emergency flow's table names them). */
  run(action: MaintenanceAction, signal: AbortSignal, now = Date.now()): Promise<MaintenanceActionReport> {
    const actions: Record<MaintenanceAction, () => Promise<MaintenanceActionReport>> = {
      'measure-system': () => this.measureSystem(signal),
      'backup-database': () => this.backupDatabase(signal, now),
      'prune-backups': () => this.pruneBackups(),
      'archive-logs': () => this.archiveLogs(signal, now),
      'delete-old-runs': () => this.deleteOldRuns(signal, now),
      'delete-old-notifications': () => this.deleteOldNotifications(signal, now),
      'trim-queues': () => this.trimQueues(),
      'clean-temp': () => this.cleanTemp(signal, now),
      'check-database': () => this.checkDatabase(),
      'optimize-database': () => this.optimizeDatabase(),
      'measure-queues': () => this.measureQueues(signal),
      'check-vector-store': () => this.checkVectorStore(signal),
    };
    return actions[action]();
  }

  async measureSystem(signal: AbortSignal): Promise<MaintenanceActionReport> {
    const system = await probeSystem({ dataDir: this.config.dataDir, timeoutMs: 3000, signal });
    const disk = 'percent' in system.disk ? `disk ${system.disk.percent} % used` : `disk not measured`;
    return {
      action: 'measure-system',
      status: 'done',
      summary: `CPU ${system.cpu.percent ?? '?'} %, memory ${system.memory.percent} %, ${disk}`,
      details: { cpu_percent: system.cpu.percent, memory_percent: system.memory.percent, disk: system.disk },
    };
  }

  async backupDatabase(signal: AbortSignal, now: number): Promise<MaintenanceActionReport> {
    const backup = await this.backups.backup(this.settings.backupDir, new Date(now), signal);
    return {
      action: 'backup-database',
      status: 'done',
      summary: `${backup.name} (${kib(backup.bytes)} KiB, ${backup.method}, ${backup.durationMs} ms)`,
      details: { name: backup.name, bytes: backup.bytes, method: backup.method, duration_ms: backup.durationMs },
    };
  }

  async pruneBackups(): Promise<MaintenanceActionReport> {
    const deleted = await pruneBackups(this.settings.backupDir, this.settings.backupKeep);
    const kept = await listBackups(this.settings.backupDir);
    return {
      action: 'prune-backups',
      status: 'done',
      summary: `${kept.length} backup(s) kept (BACKUP_KEEP ${this.settings.backupKeep}), ${deleted.length} deleted`,
      details: { kept: kept.map((backup) => backup.name), deleted },
    };
  }

  /** Log lines older than RETENTION_LOGS_DAYS: archived (gzip JSONL), then deleted, batch after batch. */
  async archiveLogs(signal: AbortSignal, now: number): Promise<MaintenanceActionReport> {
    const cutoff = now - this.settings.logRetentionDays * DAY;
    const archive = this.archiveAt(now);
    let afterId = 0;
    let deleted = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
      signal.throwIfAborted();
      const lines = await this.retention.logLinesAfter(afterId, this.settings.retentionBatchSize);
      const old = lines.filter((line) => line.createdAt < cutoff);
      await archive.append(old);
      deleted += await this.retention.deleteLogLines(old.map((line) => line.id));
      // Lines are appended in time order: the first recent one ends the walk.
      if (old.length < lines.length || lines.length < this.settings.retentionBatchSize) break;
      afterId = lines[lines.length - 1].id;
    }
    return {
      action: 'archive-logs',
      status: 'done',
      summary: `${deleted} log line(s) older than ${this.settings.logRetentionDays} days archived and deleted`,
      details: { deleted, archive: deleted > 0 ? archive.path : null },
    };
  }

  /** Ended runs older than RETENTION_RUNS_DAYS, with their steps and reports; their logs archived first. */
  async deleteOldRuns(signal: AbortSignal, now: number): Promise<MaintenanceActionReport> {
    const cutoff = now - this.settings.runRetentionDays * DAY;
    const archive = this.archiveAt(now);
    let deleted = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
      signal.throwIfAborted();
      const runIds = await this.retention.endedRunsBefore(cutoff, this.settings.retentionBatchSize);
      if (runIds.length === 0) break;
      await archive.append(await this.retention.logLinesOfRuns(runIds));
      deleted += await this.retention.deleteRuns(runIds);
    }
    return {
      action: 'delete-old-runs',
      status: 'done',
      summary: `${deleted} run(s) ended before ${new Date(cutoff).toISOString().slice(0, 10)} deleted`,
      details: { deleted, archived_log_lines: archive.linesWritten },
    };
  }

  /**
   * The notification log older than RETENTION_NOTIFICATIONS_DAYS, with its delivery rows. A notification whose
   * delivery is still pending stays (the dispatcher works from those rows); the walk steps over it by its cursor.
   */
  async deleteOldNotifications(signal: AbortSignal, now: number): Promise<MaintenanceActionReport> {
    const cutoff = now - this.settings.notificationRetentionDays * DAY;
    let deleted = 0;
    let examined = 0;
    let after: NotificationCursor | undefined;
    for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
      signal.throwIfAborted();
      const old = await this.notificationRetention.notificationsBefore(cutoff, this.settings.retentionBatchSize, after);
      if (old.length === 0) break;
      examined += old.length;
      deleted += await this.notificationRetention.deleteSettled(old.map((row) => row.id));
      after = old[old.length - 1];
    }
    return {
      action: 'delete-old-notifications',
      status: 'done',
      summary: `${deleted} notification(s) older than ${this.settings.notificationRetentionDays} days deleted`,
      details: { deleted, kept_pending: examined - deleted },
    };
  }

  /** BullMQ's own history: completed and failed jobs older than RETENTION_LOGS_DAYS (the database keeps runs). */
  async trimQueues(): Promise<MaintenanceActionReport> {
    const graceMs = this.settings.logRetentionDays * DAY;
    const removed: Record<string, number> = {};
    for (const name of this.catalogue.queues()) {
      const queue = this.queues.get(name);
      removed[name] = 0;
      for (const type of ['completed', 'failed'] as const) {
        for (let round = 0; round < MAX_BATCHES; round += 1) {
          const ids = await queue.clean(graceMs, QUEUE_CLEAN_ROUND, type);
          removed[name] += ids.length;
          if (ids.length < QUEUE_CLEAN_ROUND) break;
        }
      }
    }
    const total = Object.values(removed).reduce((sum, count) => sum + count, 0);
    return {
      action: 'trim-queues',
      status: 'done',
      summary: `${total} finished job(s) older than ${this.settings.logRetentionDays} days removed from Redis`,
      details: { removed },
    };
  }

  async cleanTemp(signal: AbortSignal, now: number): Promise<MaintenanceActionReport> {
    const database = this.config.database.kind === 'sqlite' ? [this.config.database.path] : [];
    const protectedPaths = [this.config.dataDir, this.settings.backupDir, ...database];
    const outcomes = [];
    for (const root of this.settings.cleanupDirectories) {
      outcomes.push(
        await cleanDirectory(root, this.settings.cleanupMaxAgeHours * 60 * 60 * 1000, now, protectedPaths, signal),
      );
    }
    const files = outcomes.reduce((sum, outcome) => sum + outcome.filesDeleted, 0);
    const bytes = outcomes.reduce((sum, outcome) => sum + outcome.bytesFreed, 0);
    const refused = outcomes.filter((outcome) => outcome.status === 'refused');
    return {
      action: 'clean-temp',
      status: refused.length > 0 ? 'failed' : 'done',
      summary:
        `${files} file(s) older than ${this.settings.cleanupMaxAgeHours} h deleted (${kib(bytes)} KiB)` +
        refused.map((outcome) => `; refused ${outcome.root}: ${outcome.reason ?? ''}`).join(''),
      details: { roots: outcomes },
    };
  }

  async checkDatabase(): Promise<MaintenanceActionReport> {
    const check = await this.upkeep.check();
    return {
      action: 'check-database',
      status: check.ok ? 'done' : 'failed',
      summary: check.ok ? 'integrity check passed' : `integrity check failed: ${check.detail}`,
      details: { ...check },
    };
  }

  async optimizeDatabase(): Promise<MaintenanceActionReport> {
    const statements = await this.upkeep.optimize();
    return { action: 'optimize-database', status: 'done', summary: statements.join('; '), details: { statements } };
  }

  async measureQueues(signal: AbortSignal): Promise<MaintenanceActionReport> {
    const queues = await probeQueues(this.catalogue.queues(), (name) => this.queues.get(name), {
      timeoutMs: 3000,
      signal,
    });
    return {
      action: 'measure-queues',
      status: 'done',
      summary: queues
        .map((queue) =>
          'counts' in queue ? `${queue.queue}: ${queue.counts.waiting} waiting` : `${queue.queue}: down`,
        )
        .join(', '),
      details: { queues },
    };
  }

  /** The documents domain's vector store, when that domain is installed and Chroma configured. */
  async checkVectorStore(signal: AbortSignal): Promise<MaintenanceActionReport> {
    const installed = this.catalogue.all().some((flow) => flow.name.startsWith('documents.'));
    if (!installed) {
      return { action: 'check-vector-store', status: 'skipped', summary: 'the documents domain is not installed' };
    }
    const chromaUrl = (this.config as { chromaUrl?: unknown }).chromaUrl;
    const chroma = await probeChroma(typeof chromaUrl === 'string' ? chromaUrl : undefined, {
      timeoutMs: 3000,
      signal,
    });
    if (chroma.state === 'not-configured') {
      return { action: 'check-vector-store', status: 'skipped', summary: 'no Chroma is configured' };
    }
    return {
      action: 'check-vector-store',
      status: chroma.state === 'up' ? 'done' : 'failed',
      summary: chroma.state === 'up' ? `Chroma answered in ${chroma.latencyMs} ms` : `Chroma is down: ${chroma.error}`,
      details: { ...chroma },
    };
  }

  private archiveAt(now: number): LogArchive {
    return new LogArchive(`${this.config.dataDir}/archives/logs`, new Date(now).toISOString().replace(/[-:.]/g, ''));
  }
}

function kib(bytes: number): number {
  return Math.round(bytes / 102.4) / 10;
}
