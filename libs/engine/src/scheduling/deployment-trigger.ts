import type { JobSchedulerTemplateOptions, RepeatOptions } from 'bullmq';
import type { DeploymentEntity } from '@relais/persistence';

/** What a deployment's job scheduler puts in each trigger job on `QUEUES.schedules`. */
export interface DeploymentTriggerData {
  deploymentName: string;
}

/** The BullMQ job name of every trigger job. */
export const DEPLOYMENT_TRIGGER_JOB = 'trigger';

/**
 * Trigger jobs only start runs, so Redis keeps a short tail of them; the run records are the history. A failed
 * trigger (database away) is tried again: the run's idempotency key makes a repeat harmless.
 */
export const DEPLOYMENT_TRIGGER_JOB_OPTIONS: JobSchedulerTemplateOptions = {
  removeOnComplete: 100,
  removeOnFail: 500,
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
};

const SCHEDULER_ID_PREFIX = 'deployment-';

/** The BullMQ job scheduler id of a deployment. */
export function schedulerIdOf(deploymentName: string): string {
  return SCHEDULER_ID_PREFIX + deploymentName;
}

/** The deployment a job scheduler id belongs to, or undefined for a scheduler that is not a deployment's. */
export function deploymentNameOfScheduler(schedulerId: string): string | undefined {
  return schedulerId.startsWith(SCHEDULER_ID_PREFIX) ? schedulerId.slice(SCHEDULER_ID_PREFIX.length) : undefined;
}

/** The repeat options a deployment's scheduler must have, or null when it must have no scheduler. */
export type DeploymentRepeat = { pattern: string; tz: string } | { every: number };

/** What the deployment's job scheduler should be: none when paused, out of the catalogue or unscheduled. */
export function wantedRepeatOf(deployment: DeploymentEntity, defaultTimezone: string): DeploymentRepeat | null {
  if (deployment.paused || !deployment.inCatalogue) return null;
  if (deployment.scheduleCron)
    return { pattern: deployment.scheduleCron, tz: deployment.scheduleTimezone ?? defaultTimezone };
  if (deployment.scheduleEveryMs) return { every: deployment.scheduleEveryMs };
  return null;
}

/** True when the scheduler Redis holds already fires as wanted (so re-upserting it would only disturb it). */
export function isSameRepeat(
  current: Pick<RepeatOptions, 'pattern' | 'every' | 'tz'>,
  wanted: DeploymentRepeat,
): boolean {
  if ('every' in wanted) return current.every === wanted.every && !current.pattern;
  return current.pattern === wanted.pattern && (current.tz ?? undefined) === wanted.tz && !current.every;
}

/** The parts of a BullMQ job the scheduled time is read from. */
export interface TriggerJobLike {
  id?: string;
  timestamp: number;
  delay: number;
  opts: { prevMillis?: number };
}

/**
 * When a trigger job was due, in epoch ms. BullMQ 6.7 names scheduler jobs `repeat:<schedulerId>:<millis>`
 * (the Lua script sets the id for cron and interval schedulers alike), which is the reliable source;
 * `opts.prevMillis` is only set for cron schedulers, and `timestamp + delay` drifts when the delay was clamped
 * to 0 for a job created late.
 */
export function scheduledAtOf(job: TriggerJobLike): number {
  const fromId = job.id ? Number(job.id.slice(job.id.lastIndexOf(':') + 1)) : NaN;
  if (job.id?.startsWith('repeat:') && Number.isSafeInteger(fromId) && fromId > 0) return fromId;
  if (job.opts.prevMillis) return job.opts.prevMillis;
  return job.timestamp + job.delay;
}

/**
 * The idempotency key of one firing: one run per deployment and slot, whichever replica processes the trigger
 * and however often. Interval slots are rounded to the interval, so two firings of the same slot (say a
 * scheduler re-created with a slightly different offset) collapse into one run; cron slots are the exact
 * scheduled time.
 */
export function firingKeyOf(
  deployment: Pick<DeploymentEntity, 'name' | 'scheduleEveryMs'>,
  scheduledAt: number,
): string {
  const slot = deployment.scheduleEveryMs ? Math.round(scheduledAt / deployment.scheduleEveryMs) : scheduledAt;
  return `deployment:${deployment.name}:${slot}`;
}
