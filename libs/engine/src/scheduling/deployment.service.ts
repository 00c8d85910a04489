import { Inject, Injectable, Logger } from '@nestjs/common';
import { getNextMillis, type Queue } from 'bullmq';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { DEPLOYMENT_CATCH_UPS, QUEUES, type DeploymentDefinition } from '@relais/contracts';
import { DeploymentRepository, type DeploymentEntity } from '@relais/persistence';
import { FlowCatalogue } from '../catalogue/flow-catalogue';
import { validateParams } from '../catalogue/validate-params';
import { errorMessage, InvalidParamsError } from '../errors';
import { QueueRegistry } from '../infrastructure/queue.registry';
import { RunLauncher, type LaunchResult } from '../launcher/run-launcher';
import { DEPLOYMENT_DEFINITIONS } from './deployment-definitions.token';
import { DeploymentNotFoundError, InvalidDeploymentError, SchedulesLockTimeoutError } from './deployment.errors';
import {
  DEPLOYMENT_TRIGGER_JOB,
  DEPLOYMENT_TRIGGER_JOB_OPTIONS,
  deploymentNameOfScheduler,
  firingKeyOf,
  isSameRepeat,
  schedulerIdOf,
  wantedRepeatOf,
  type DeploymentTriggerData,
} from './deployment-trigger';
import { RedisLock } from './redis-lock';

/** What one pass over the job schedulers changed, by deployment name. */
export interface ScheduleReport {
  /** Schedulers created, or rewritten because their schedule changed. */
  upserted: string[];
  /** Schedulers removed: deployment paused, unscheduled, gone from the catalogue or from the database. */
  removed: string[];
}

/** What a scheduler firing did. */
export type FiringOutcome =
  { fired: true; run: LaunchResult['run']; created: boolean } | { fired: false; reason: string };

/** Name of the Redis lock under which job schedulers are rewritten. */
export const SCHEDULES_LOCK = 'deployment-schedules';
/**
 * Short, because the holder extends it every third of it while a pass runs (a pass takes milliseconds): the TTL
 * only counts when the holder died mid-pass, and until it runs out no replica can catch up a missed firing. At
 * 30 s a replica killed while holding it let BullMQ's own recovery of the stranded trigger (~15 s) come first,
 * and firing stopped for that long. An event loop stalled longer than this lets a second replica make the same
 * pass: idempotent, and every firing is keyed by its slot.
 */
export const SCHEDULES_LOCK_TTL_MS = 6_000;
/** At start-up, wait out a holder that died with the lock (its TTL) before giving up. */
const SYNC_LOCK_WAIT_MS = SCHEDULES_LOCK_TTL_MS + 5_000;
/** An operator's pause or resume waits briefly for a pass another replica is making. */
const OPERATION_LOCK_WAIT_MS = 10_000;

/**
 * Deployments: a named flow + default parameters + optional schedule, defined in code, synced into the database,
 * and made to fire by one BullMQ job scheduler each on `QUEUES.schedules`. The database is the truth (paused
 * flag, schedule); job schedulers in Redis follow it and are repaired from it on every pass. Used by the
 * scheduler app (sync, passes, firings) and by the gateway (list, run now, pause, resume).
 */
@Injectable()
export class DeploymentService {
  private readonly logger = new Logger(DeploymentService.name);

  constructor(
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
    @Inject(DEPLOYMENT_DEFINITIONS) private readonly definitions: readonly DeploymentDefinition[],
    private readonly deployments: DeploymentRepository,
    private readonly catalogue: FlowCatalogue,
    private readonly queues: QueueRegistry,
    private readonly launcher: RunLauncher,
    private readonly lock: RedisLock,
  ) {}

  /** Every deployment in the database, by name (including ones gone from the catalogue). */
  list(): Promise<DeploymentEntity[]> {
    return this.deployments.findAll();
  }

  /** The deployment named `name`; throws DeploymentNotFoundError. */
  async get(name: string): Promise<DeploymentEntity> {
    const deployment = await this.deployments.findByName(name);
    if (!deployment) throw new DeploymentNotFoundError(name);
    return deployment;
  }

  /**
   * Checks every definition: unique kebab-case name, known flow, default parameters valid for that flow, a
   * usable schedule. Throws InvalidDeploymentError naming the deployment (and the fields at fault).
   */
  validateCatalogue(): void {
    const seen = new Set<string>();
    for (const definition of this.definitions) {
      if (seen.has(definition.name)) {
        throw new InvalidDeploymentError(definition.name, 'is defined twice in the catalogue');
      }
      seen.add(definition.name);
      this.validateDefinition(definition);
    }
  }

  /**
   * Validates the catalogue, writes it into the database (keeping each deployment's paused flag and run times)
   * and brings the job schedulers in line. Waits for a replica doing the same; throws SchedulesLockTimeoutError
   * if the lock stays taken.
   */
  async syncCatalogue(): Promise<ScheduleReport> {
    this.validateCatalogue();
    const outcome = await this.lock.withLock(
      SCHEDULES_LOCK,
      SCHEDULES_LOCK_TTL_MS,
      async () => {
        await this.deployments.syncCatalogue(this.definitions, this.config.timezone);
        return this.applyAll();
      },
      { waitMs: SYNC_LOCK_WAIT_MS },
    );
    if (!outcome.acquired) throw new SchedulesLockTimeoutError(SYNC_LOCK_WAIT_MS);
    return outcome.value;
  }

  /**
   * Makes the job schedulers match the database: one per deployment that is in the catalogue, scheduled and
   * not paused, none for the others; stores each deployment's next run time. Returns null, doing nothing, when
   * another replica is making the same pass right now.
   */
  async applySchedules(): Promise<ScheduleReport | null> {
    const outcome = await this.lock.withLock(SCHEDULES_LOCK, SCHEDULES_LOCK_TTL_MS, () => this.applyAll());
    return outcome.acquired ? outcome.value : null;
  }

  /** Starts a run of the deployment's flow now, with `overrides` over its default parameters. */
  async runNow(name: string, overrides: Record<string, unknown> = {}): Promise<LaunchResult> {
    const deployment = await this.get(name);
    const result = await this.launcher.launch(
      deployment.flowName,
      { ...deployment.parameters, ...overrides },
      { triggeredBy: 'api', deploymentName: name },
    );
    // Redis away: the run is accepted all the same (the reconciler enqueues it), so keep the last next run known.
    const next = await this.scheduledNext(deployment).catch(() => deployment.nextRunAt);
    await this.deployments.recordFiring(name, result.run.id, result.run.createdAt, next);
    return result;
  }

  /** Stops the deployment's schedule; runs already started go on. */
  async pause(name: string): Promise<DeploymentEntity> {
    await this.get(name);
    await this.deployments.setPaused([name], true);
    await this.applyAfterChange([name]);
    return this.get(name);
  }

  /** Restarts the deployment's schedule (an interval schedule fires at once, then every interval). */
  async resume(name: string): Promise<DeploymentEntity> {
    await this.get(name);
    await this.deployments.setPaused([name], false);
    await this.applyAfterChange([name]);
    return this.get(name);
  }

  /**
   * Pauses every active deployment of the catalogue, remembering that "pause all" did it; returns them all. One
   * already paused (by hand, or by default until it is configured) is left as it is.
   */
  async pauseAll(): Promise<DeploymentEntity[]> {
    const names = (await this.deployments.findAll()).filter((deployment) => deployment.inCatalogue).map((d) => d.name);
    await this.applyAfterChange(await this.deployments.pauseAsAll(names));
    return this.deployments.findAll();
  }

  /** Resumes the deployments pauseAll paused, and only those; returns them all. */
  async resumeAll(): Promise<DeploymentEntity[]> {
    await this.applyAfterChange(await this.deployments.resumePausedByAll());
    return this.deployments.findAll();
  }

  /**
   * Turns one firing of a deployment's job scheduler into a run. The run's idempotency key is the deployment
   * and the firing's slot, so a firing processed twice, or by two replicas, starts one run. A deployment
   * paused, unscheduled or retired since the firing was queued is skipped. A firing more than
   * MISSED_FIRING_AFTER_MS late (every replica was down, or the one holding it died) was missed: the
   * deployment's catch-up policy decides (`skip` drops it; `fire_once` runs it unless a later slot has run).
   * `resumed`: the firing's trigger was taken on time by a replica that died while firing it, and is resumed by
   * another. Under `fire_once` it fires however late (its slot's idempotency key makes it once, and a catch-up
   * that already ran it adds nothing): no slot is lost to a crash. Under `skip` it is a missed slot like any other.
   */
  async fire(
    deploymentName: string,
    scheduledAt: number,
    now = Date.now(),
    { resumed = false }: { resumed?: boolean } = {},
  ): Promise<FiringOutcome> {
    const deployment = await this.deployments.findByName(deploymentName);
    if (!deployment) return this.skipped(deploymentName, scheduledAt, 'not in the database');
    const late =
      resumed && deployment.catchUp === 'fire_once' ? undefined : missedReasonOf(deployment, scheduledAt, now);
    const reason = skipReasonOf(deployment) ?? late;
    if (reason) return this.skipped(deploymentName, scheduledAt, reason);
    return this.startFiring(deployment, scheduledAt);
  }

  /** Starts the run of one slot (idempotent per deployment and slot) and records the firing. */
  private async startFiring(deployment: DeploymentEntity, scheduledAt: number): Promise<FiringOutcome> {
    const deploymentName = deployment.name;
    const { run, created } = await this.launcher.launch(deployment.flowName, deployment.parameters, {
      triggeredBy: 'schedule',
      deploymentName,
      idempotencyKey: firingKeyOf(deployment, scheduledAt),
    });
    const next = await this.scheduledNext(deployment);
    // A repeated firing (created false) must not move last_run_at back past a later firing already recorded.
    if (created || deployment.lastRunAt === null || deployment.lastRunAt < scheduledAt) {
      await this.deployments.recordFiring(deploymentName, run.id, scheduledAt, next);
    }
    if (created) this.logger.log(`Deployment "${deploymentName}" fired: run ${run.id} (${deployment.flowName})`);
    return { fired: true, run, created };
  }

  /**
   * A scheduler whose next firing is overdue: the trigger of slot `missedAt` was taken by a replica that died
   * before queueing the next one (BullMQ would only recover it once its lock expires, 30 s and more later), or
   * no replica ran at all. Applies the catch-up policy to the missed period, once: `fire_once` starts the run
   * of the first missed slot, under that slot's key (so the stranded trigger, if it ever runs, adds nothing);
   * `skip` starts none. The caller then rewrites the scheduler, which resumes at the next slot to come.
   */
  private async catchUp(deployment: DeploymentEntity, missedAt: number): Promise<void> {
    const due = new Date(missedAt).toISOString();
    const late = `${Math.round((Date.now() - missedAt) / 1000)} s`;
    if (deployment.catchUp === 'fire_once' && !(deployment.lastRunAt !== null && deployment.lastRunAt > missedAt)) {
      const outcome = await this.startFiring(deployment, missedAt);
      const run = outcome.fired ? `run ${outcome.run.id}` : 'no run';
      this.logger.warn(
        `Deployment "${deployment.name}" missed its firing due ${due} (${late} ago): caught up once, ${run}`,
      );
      return;
    }
    this.logger.warn(
      `Deployment "${deployment.name}" missed its firing due ${due} (${late} ago): skipped (catch-up policy "skip"); ` +
        'firing resumes at the next slot',
    );
  }

  /** The next firing as Redis has it (the worker has already queued it when a firing is processed). */
  private async scheduledNext(deployment: DeploymentEntity): Promise<number | null> {
    if (!wantedRepeatOf(deployment, this.config.timezone)) return null;
    return (await this.schedulesQueue().getJobScheduler(schedulerIdOf(deployment.name)))?.next ?? null;
  }

  private skipped(deploymentName: string, scheduledAt: number, reason: string): FiringOutcome {
    const due = new Date(scheduledAt).toISOString();
    this.logger.log(`Firing of deployment "${deploymentName}" due ${due} skipped: ${reason}`);
    return { fired: false, reason };
  }

  /**
   * After an operator's change: the database already says what is wanted, and firings of paused deployments
   * are skipped anyway, so if another replica keeps the lock too long the next pass brings Redis in line.
   */
  private async applyAfterChange(names: string[]): Promise<void> {
    if (names.length === 0) return;
    const outcome = await this.lock.withLock(
      SCHEDULES_LOCK,
      SCHEDULES_LOCK_TTL_MS,
      async () => {
        for (const name of names) {
          const deployment = await this.deployments.findByName(name);
          if (deployment) await this.applyOne(deployment, { upserted: [], removed: [] });
        }
      },
      { waitMs: OPERATION_LOCK_WAIT_MS },
    );
    if (!outcome.acquired) {
      this.logger.warn(`Schedules lock busy: job schedulers of ${names.join(', ')} will be updated by the next pass`);
    }
  }

  /** One full pass; the caller holds the schedules lock. */
  private async applyAll(): Promise<ScheduleReport> {
    const report: ScheduleReport = { upserted: [], removed: [] };
    const deployments = await this.deployments.findAll();
    for (const deployment of deployments) await this.applyOne(deployment, report);
    // Schedulers whose deployment the database does not know (say, a database restored from an older backup).
    const known = new Set(deployments.map((deployment) => deployment.name));
    const queue = this.schedulesQueue();
    for (const scheduler of await queue.getJobSchedulers()) {
      const name = deploymentNameOfScheduler(scheduler.key);
      if (name !== undefined && !known.has(name)) {
        await queue.removeJobScheduler(scheduler.key);
        report.removed.push(name);
      }
    }
    if (report.upserted.length + report.removed.length > 0) {
      this.logger.log(
        `Job schedulers: upserted [${report.upserted.join(', ')}], removed [${report.removed.join(', ')}]`,
      );
    }
    return report;
  }

  /**
   * Upserts only a missing or different scheduler: re-upserting an interval scheduler recomputes its next
   * firing, and concurrent upserts of one scheduler are the known source of duplicate firings.
   */
  private async applyOne(deployment: DeploymentEntity, report: ScheduleReport): Promise<void> {
    const queue = this.schedulesQueue();
    const id = schedulerIdOf(deployment.name);
    const wanted = wantedRepeatOf(deployment, this.config.timezone);
    let current = await queue.getJobScheduler(id);
    const overdue = wanted !== null && typeof current?.next === 'number' && isOverdue(current.next, Date.now());
    if (overdue && current?.next !== undefined) await this.catchUp(deployment, current.next);
    if (!wanted) {
      if (current) {
        await queue.removeJobScheduler(id);
        report.removed.push(deployment.name);
      }
    } else if (overdue || !current || !isSameRepeat(current, wanted) || current.name !== DEPLOYMENT_TRIGGER_JOB) {
      // Overdue: rewriting the scheduler queues its next slot to come (the stranded trigger no longer counts).
      await queue.upsertJobScheduler(id, wanted, {
        name: DEPLOYMENT_TRIGGER_JOB,
        data: { deploymentName: deployment.name },
        opts: DEPLOYMENT_TRIGGER_JOB_OPTIONS,
      });
      report.upserted.push(deployment.name);
      current = await queue.getJobScheduler(id);
    }
    const next = wanted ? (current?.next ?? null) : null;
    if (deployment.nextRunAt !== next) await this.deployments.setNextRunAt(deployment.name, next);
  }

  private validateDefinition(definition: DeploymentDefinition): void {
    const { name } = definition;
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) {
      throw new InvalidDeploymentError(name, 'name must be kebab-case (lower-case letters, digits and dashes)');
    }
    const contract = this.catalogue.find(definition.flow);
    if (!contract) throw new InvalidDeploymentError(name, `refers to unknown flow "${definition.flow}"`);
    try {
      validateParams(contract, definition.parameters);
    } catch (error) {
      if (!(error instanceof InvalidParamsError)) throw error;
      throw new InvalidDeploymentError(name, `default parameters are invalid. ${error.message}`, error.fields);
    }
    if (definition.catchUp !== undefined && !DEPLOYMENT_CATCH_UPS.includes(definition.catchUp)) {
      throw new InvalidDeploymentError(
        name,
        `catchUp must be one of ${DEPLOYMENT_CATCH_UPS.join(', ')} (got ${JSON.stringify(definition.catchUp)})`,
      );
    }
    const schedule = definition.schedule;
    if (!schedule) return;
    if ('everyMs' in schedule) {
      if (!Number.isSafeInteger(schedule.everyMs) || schedule.everyMs <= 0) {
        throw new InvalidDeploymentError(name, `schedule.everyMs must be a positive integer (got ${schedule.everyMs})`);
      }
      return;
    }
    const timezone = schedule.timezone ?? this.config.timezone;
    if (!isTimeZone(timezone)) {
      const source = schedule.timezone ? 'schedule.timezone' : 'RELAIS_TIMEZONE (the default time zone)';
      throw new InvalidDeploymentError(name, `${source} "${timezone}" is not a known IANA time zone`);
    }
    let next: number | undefined;
    try {
      next = getNextMillis(Date.now(), { pattern: schedule.cron, tz: timezone });
    } catch (error) {
      throw new InvalidDeploymentError(
        name,
        `schedule.cron "${schedule.cron}" is not a valid cron expression: ${errorMessage(error)}`,
      );
    }
    // getNextMillis returns undefined, not an error, for an expression with no next occurrence.
    if (next === undefined) throw new InvalidDeploymentError(name, `schedule.cron "${schedule.cron}" never fires`);
  }

  private schedulesQueue(): Queue<DeploymentTriggerData> {
    return this.queues.get(QUEUES.schedules) as Queue<DeploymentTriggerData>;
  }
}

/**
 * A firing processed more than this after its slot was missed (every replica down, or the one holding the
 * trigger dead): the deployment's catch-up policy decides what becomes of it. Generous next to a healthy
 * trigger's delay (milliseconds; a few seconds when the database made it retry), short next to the 30 s and more
 * BullMQ takes to recover a trigger whose worker died.
 */
export const MISSED_FIRING_AFTER_MS = 5_000;

/** True when a scheduler's next firing, due at `nextAt`, should have been taken by now. */
function isOverdue(nextAt: number, now: number): boolean {
  return nextAt < now - MISSED_FIRING_AFTER_MS;
}

/** Why a missed firing (more than MISSED_FIRING_AFTER_MS late) starts no run, or undefined if it should. */
function missedReasonOf(deployment: DeploymentEntity, scheduledAt: number, now: number): string | undefined {
  if (!isOverdue(scheduledAt, now)) return undefined;
  const late = `missed by ${Math.round((now - scheduledAt) / 1000)} s`;
  if (deployment.catchUp !== 'fire_once') return `${late}; catch-up policy "skip"`;
  if (deployment.lastRunAt !== null && deployment.lastRunAt > scheduledAt) {
    return `${late}, and a later slot has fired since (catch-up policy "fire_once" runs one per missed period)`;
  }
  return undefined;
}

/** Why a firing must not start a run: the deployment changed after its trigger job was queued. */
function skipReasonOf(deployment: DeploymentEntity): string | undefined {
  if (!deployment.inCatalogue) return 'no longer in the catalogue';
  if (deployment.paused) return 'paused';
  if (!deployment.scheduleCron && !deployment.scheduleEveryMs) return 'not scheduled';
  return undefined;
}

function isTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}
