import { WaitingChildrenError, type Job } from 'bullmq';
import { randomUUID } from 'node:crypto';
import {
  isTerminal,
  StepState,
  type ArtifactKind,
  type FlowContract,
  type LogLevel,
  type ParamsOf,
} from '@relais/contracts';
import type { ArtifactRepository, FlowRunRepository, StepRunEntity } from '@relais/persistence';
import { errorMessage } from '../errors';
import type { RunEventPublisher } from '../events/run-event.publisher';
import type { FlowJobData } from '../launcher/flow-job';
import type { RunLauncher } from '../launcher/run-launcher';
import type { RunWriteBuffer } from '../persistence/run-write-buffer';
import type { ChildOutcome, ChildRunOptions, RunContext, RunLogger, StepContext } from './run-context';

/** Everything a LiveRunContext needs from the worker that runs it. */
export interface RunContextDeps {
  buffer: RunWriteBuffer;
  events: RunEventPublisher;
  artifacts: ArtifactRepository;
  runs: FlowRunRepository;
  launcher: RunLauncher;
  echo: (level: LogLevel, runId: string, message: string) => void;
  /** Scrubs configured secrets from text stored for people to read (reports), as logs are scrubbed. */
  redact: (text: string) => string;
}

/** The RunContext of one attempt of one run, inside a worker. */
export class LiveRunContext<P extends object> implements RunContext<P> {
  readonly log: RunLogger;
  private readonly stepUses = new Map<string, number>();
  private currentStep: string | null = null;

  constructor(
    readonly runId: string,
    readonly flowName: string,
    readonly params: P,
    readonly attempt: number,
    readonly deploymentName: string | null,
    readonly signal: AbortSignal,
    private readonly job: Job<FlowJobData>,
    private readonly token: string | undefined,
    private readonly completedSteps: Map<string, StepRunEntity>,
    private readonly deps: RunContextDeps,
  ) {
    this.log = {
      debug: (message) => this.writeLog('debug', message),
      info: (message) => this.writeLog('info', message),
      warn: (message) => this.writeLog('warn', message),
      error: (message) => this.writeLog('error', message),
    };
  }

  async step<T>(name: string, fn: (step: StepContext) => Promise<T> | T): Promise<T> {
    const uses = (this.stepUses.get(name) ?? 0) + 1;
    this.stepUses.set(name, uses);
    const stepKey = uses === 1 ? name : `${name}#${uses}`;
    const done = this.completedSteps.get(stepKey);
    if (done) return done.result as T;
    this.signal.throwIfAborted();

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
    this.deps.buffer.upsertStep(row);
    const outerStep = this.currentStep;
    this.currentStep = stepKey;
    try {
      const result = await fn({ idempotencyKey: `${this.runId}:${stepKey}`, signal: this.signal });
      const endedAt = Date.now();
      const completed = {
        ...row,
        state: StepState.COMPLETED,
        result: result ?? null,
        endedAt,
        durationMs: endedAt - startedAt,
      };
      this.deps.buffer.upsertStep(completed);
      this.completedSteps.set(stepKey, completed);
      return result;
    } catch (error) {
      const endedAt = Date.now();
      this.deps.buffer.upsertStep({
        ...row,
        state: StepState.FAILED,
        error: errorMessage(error),
        endedAt,
        durationMs: endedAt - startedAt,
      });
      throw error;
    } finally {
      this.currentStep = outerStep;
    }
  }

  progress(percent: number, message?: string): void {
    const progress = Math.max(0, Math.min(100, Math.round(percent)));
    const progressMessage = message?.slice(0, 500) ?? null;
    this.deps.buffer.updateRun({
      id: this.runId,
      set: { progress, progressMessage, updatedAt: Date.now() },
      onlyIfActive: true,
    });
    this.deps.events.publish({
      event: 'run_progress',
      runId: this.runId,
      flowName: this.flowName,
      progress,
      message: progressMessage,
    });
  }

  async report(kind: ArtifactKind, key: string, content: string | object): Promise<string> {
    const id = randomUUID();
    const text = this.deps.redact(typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    await this.deps.artifacts.insert({ id, runId: this.runId, kind, key, content: text, createdAt: Date.now() });
    this.log.info(`Report ${key} stored as ${id}`);
    return id;
  }

  async startChild<C extends FlowContract>(
    contract: C,
    params: ParamsOf<C>,
    options: ChildRunOptions = {},
  ): Promise<string> {
    const { concurrency } = options;
    return this.step(`start-child:${contract.name}`, async ({ idempotencyKey }) => {
      const { run } = await this.deps.launcher.launch(contract.name, params, {
        triggeredBy: 'child',
        parentRunId: this.runId,
        idempotencyKey,
        parentJob: { id: this.job.id ?? this.runId, queue: this.job.queueQualifiedName },
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
    if (this.token && (await this.job.moveToWaitingChildren(this.token))) {
      await this.deps.buffer.flushed();
      throw new WaitingChildrenError();
    }
    const children = await this.deps.runs.findChildren(this.runId);
    const unfinished = children.filter((child) => !isTerminal(child.state));
    if (unfinished.length > 0) {
      throw new Error(
        `Children ${unfinished.map((child) => child.id).join(', ')} are not finished although their jobs are`,
      );
    }
    return children.map((child) => ({
      runId: child.id,
      flowName: child.flowName,
      state: child.state,
      result: (child.result ?? null) as R | null,
      error: child.error,
    }));
  }

  private writeLog(level: LogLevel, text: string): void {
    const createdAt = Date.now();
    const message = clip(text);
    this.deps.buffer.appendLog({ runId: this.runId, level, message, step: this.currentStep, createdAt });
    this.deps.events.publish({
      event: 'run_log',
      runId: this.runId,
      flowName: this.flowName,
      level,
      message,
      step: this.currentStep,
    });
    this.deps.echo(level, this.runId, message);
  }
}

/** MySQL's TEXT holds 64 KB: a longer log line is cut (with a marker) rather than failing its whole batch. */
const MAX_TEXT = 60_000;

export function clip(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT)}… [${text.length - MAX_TEXT} characters cut]`;
}
