import { WaitingChildrenError } from 'bullmq';
import { randomUUID } from 'node:crypto';
import {
  isTerminal,
  RunState,
  StepState,
  type ArtifactKind,
  type FlowContract,
  type LogLevel,
  type ParamsOf,
} from '@relais/contracts';
import { isUniqueViolation, type StepRunEntity } from '@relais/persistence';
import { errorMessage, LeaseLostError } from '../errors';
import type { RunAttempt } from './run-attempt';
import type { ChildOutcome, ChildRunOptions, RunContext, RunLogger, StepContext } from './run-context';
import type { RunResources } from './run-resources';

/** The RunContext of one attempt of one run, inside a worker. */
export class LiveRunContext<P extends object> implements RunContext<P> {
  readonly log: RunLogger;
  /** The engine's own lines about the attempt (its outcome, a resumption): never marked as replayed. */
  readonly engineLog: RunLogger;
  readonly runId: string;
  readonly flowName: string;
  readonly params: P;
  readonly attempt: number;
  readonly deploymentName: string | null;
  readonly signal: AbortSignal;
  private readonly stepUses = new Map<string, number>();
  /** Keys of the steps whose bodies are running, innermost last. */
  private readonly openSteps: string[] = [];
  /** The step last run or replayed: the lines the flow logs after it are about its result. */
  private lastStep: { key: string; replayed: boolean } | null = null;

  constructor(
    private readonly current: RunAttempt<P>,
    private readonly resources: RunResources,
  ) {
    this.runId = current.run.id;
    this.flowName = current.run.flowName;
    this.params = current.params;
    this.attempt = current.number;
    this.deploymentName = current.run.deploymentName;
    this.signal = current.signal;
    this.log = {
      debug: (message) => this.writeLog('debug', message),
      info: (message) => this.writeLog('info', message),
      warn: (message) => this.writeLog('warn', message),
      error: (message) => this.writeLog('error', message),
    };
    this.engineLog = {
      debug: (message) => this.writeLog('debug', message, false),
      info: (message) => this.writeLog('info', message, false),
      warn: (message) => this.writeLog('warn', message, false),
      error: (message) => this.writeLog('error', message, false),
    };
  }

  async step<T>(name: string, fn: (step: StepContext) => Promise<T> | T): Promise<T> {
    const uses = (this.stepUses.get(name) ?? 0) + 1;
    this.stepUses.set(name, uses);
    const stepKey = uses === 1 ? name : `${name}#${uses}`;
    // While the database is unavailable no step starts: its effect would happen with no way to record it, and
    // the next attempt would repeat it. The run waits here (no attempt spent) until its records are written.
    if (!this.resources.buffer.hasRoom()) await this.waitForTheDatabase();
    const done = this.current.completedSteps.get(stepKey);
    if (done) {
      this.lastStep = { key: stepKey, replayed: true };
      // Starting a child is bookkeeping: a parent woken by its children replays one per child.
      const level = name.startsWith('start-child:') ? 'debug' : 'info';
      this.writeLog(level, `Step ${stepKey} replayed: completed by attempt ${done.attempt}, not run again`, false);
      return done.result as T;
    }
    this.signal.throwIfAborted();
    // Never start a step unless this delivery surely still holds the run: it may be running elsewhere now.
    this.current.lease?.assertHeld();

    const startedAt = Date.now();
    const row: StepRunEntity = {
      runId: this.runId,
      stepKey,
      name,
      state: StepState.RUNNING,
      result: null,
      error: null,
      attempt: this.attempt,
      startedAt,
      endedAt: null,
      durationMs: null,
    };
    this.resources.buffer.upsertStep(row);
    this.openSteps.push(stepKey);
    try {
      const result = await fn({
        idempotencyKey: `${this.runId}:${stepKey}`,
        signal: this.signal,
        onRetry: ({ service, retry, delayMs, reason }) =>
          this.engineLog.warn(`${service}: retry ${retry} in ${formatDelay(delayMs)} after: ${reason}`),
      });
      const endedAt = Date.now();
      const completed = {
        ...row,
        state: StepState.COMPLETED,
        result: result ?? null,
        endedAt,
        durationMs: endedAt - startedAt,
      };
      this.resources.buffer.upsertStep(completed);
      this.current.completedSteps.set(stepKey, completed);
      return result;
    } catch (error) {
      // Another delivery owns the run now: its record of this step is the one that counts.
      if (this.signal.reason instanceof LeaseLostError) throw error;
      const endedAt = Date.now();
      this.resources.buffer.upsertStep({
        ...row,
        state: StepState.FAILED,
        error: errorMessage(error),
        endedAt,
        durationMs: endedAt - startedAt,
      });
      throw error;
    } finally {
      this.openSteps.pop();
      this.lastStep = { key: stepKey, replayed: false };
    }
  }

  /**
   * Waits until the database answers and this worker's records are written, then reads the run's completed steps
   * again: an earlier delivery of the run (whose worker lost the run while the database was away) may have
   * written steps it held meanwhile, and they must replay, not run twice.
   */
  private async waitForTheDatabase(): Promise<void> {
    const { buffer, database, steps } = this.resources;
    await buffer.waitForRoom(this.signal);
    const stored = await database.whileUp(() => steps.findCompletedByRuns([this.runId]), this.signal);
    for (const step of stored) {
      if (!this.current.completedSteps.has(step.stepKey)) this.current.completedSteps.set(step.stepKey, step);
    }
  }

  tally(name: string, by = 0): number {
    const key = `${TALLY_PREFIX}${name}`;
    const stored = this.current.completedSteps.get(key);
    const total = (typeof stored?.result === 'number' ? stored.result : 0) + by;
    if (by === 0) return total;
    const now = Date.now();
    const row: StepRunEntity = {
      runId: this.runId,
      stepKey: key,
      name: key,
      state: StepState.COMPLETED,
      result: total,
      error: null,
      attempt: this.attempt,
      startedAt: stored?.startedAt ?? now,
      endedAt: now,
      durationMs: null,
    };
    this.current.completedSteps.set(key, row);
    this.resources.buffer.upsertStep(row);
    return total;
  }

  progress(percent: number, message?: string): void {
    const progress = Math.max(0, Math.min(100, Math.round(percent)));
    const progressMessage = message?.slice(0, 500) ?? null;
    this.resources.buffer.updateRun({
      id: this.runId,
      set: { progress, progressMessage, updatedAt: Date.now() },
      onlyIfActive: true,
    });
    this.resources.events.publish({
      event: 'run_progress',
      runId: this.runId,
      flowName: this.flowName,
      progress,
      message: progressMessage,
    });
  }

  async report(kind: ArtifactKind, key: string, content: string | object): Promise<string> {
    const id = randomUUID();
    // Reports are read by people, like logs: the configured secrets are scrubbed from them too.
    const text = this.resources.redactor.redact(
      typeof content === 'string' ? content : JSON.stringify(content, null, 2),
    );
    const artifact = { id, runId: this.runId, kind, key, content: text, createdAt: Date.now() };
    let tries = 0;
    // Held through a database outage like the run's other records; a retry whose insert had landed is done.
    await this.resources.database.whileUp(async () => {
      try {
        tries++;
        await this.resources.artifacts.insert(artifact);
      } catch (error) {
        if (!(tries > 1 && isUniqueViolation(error))) throw error;
      }
    }, this.signal);
    this.engineLog.info(`Report ${key} stored as ${id}`);
    return id;
  }

  async startChild<C extends FlowContract>(
    contract: C,
    params: ParamsOf<C>,
    options: ChildRunOptions = {},
  ): Promise<string> {
    const { concurrency } = options;
    return this.step(`start-child:${contract.name}`, async ({ idempotencyKey }) => {
      const { run } = await this.resources.launcher.launch(contract.name, params, {
        triggeredBy: 'child',
        parentRunId: this.runId,
        idempotencyKey,
        parentJob: { id: this.current.job.id ?? this.runId, queue: this.current.job.queueQualifiedName },
        concurrencyGroup: concurrency && {
          key: `${this.runId}:${concurrency.group ?? 'children'}`,
          limit: concurrency.limit,
        },
      });
      return run.id;
    });
  }

  async waitForChildren<R = unknown>(): Promise<ChildOutcome<R>[]> {
    // Children still pending in Redis: park the job until BullMQ wakes it, then the flow replays to here.
    if (this.current.token && (await this.current.job.moveToWaitingChildren(this.current.token))) {
      await this.resources.buffer.flushed();
      throw new WaitingChildrenError();
    }
    const children = await this.resources.database.whileUp(
      () => this.resources.runs.findChildren(this.runId),
      this.signal,
    );
    const unfinished = children.filter((child) => !isTerminal(child.state));
    if (unfinished.length > 0) {
      throw new Error(
        `Children ${unfinished.map((child) => child.id).join(', ')} are not finished although their jobs are`,
      );
    }
    // What the flow does with its children's outcomes is new work, not a replay.
    if (this.lastStep) this.lastStep.replayed = false;
    this.current.children = {
      total: children.length,
      failed: children.filter((child) => child.state !== RunState.COMPLETED).length,
    };
    return children.map((child) => ({
      runId: child.id,
      flowName: child.flowName,
      state: child.state,
      result: (child.result ?? null) as R | null,
      error: child.error,
    }));
  }

  /**
   * Stores and streams one line, tagged with the step it is about: the step running, or else the last one run or
   * replayed. A line the flow writes after a replayed step repeats what an earlier attempt did: it is marked so.
   */
  private writeLog(level: LogLevel, text: string, fromFlow = true): void {
    const createdAt = Date.now();
    const step = this.openSteps.at(-1) ?? this.lastStep?.key ?? null;
    const replay = fromFlow && this.openSteps.length === 0 && this.lastStep?.replayed === true;
    const message = clip(replay ? `${REPLAY_MARK}${text}` : text);
    this.resources.buffer.appendLog({ runId: this.runId, level, message, step, createdAt });
    this.resources.events.publish({
      event: 'run_log',
      runId: this.runId,
      flowName: this.flowName,
      level,
      message,
      step,
    });
    this.resources.echo(level, this.runId, message);
  }
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** Step keys of tallies (`ctx.tally`), kept with the run's steps. */
const TALLY_PREFIX = 'tally:';
/** Marks a line logged after a replayed step: it repeats what an earlier attempt did and reported. */
const REPLAY_MARK = '(replayed) ';

/** MySQL's TEXT holds 64 KB: a longer log line is cut (with a marker) rather than failing its whole batch. */
const MAX_TEXT = 60_000;

export function clip(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT)}… [${text.length - MAX_TEXT} characters cut]`;
}
