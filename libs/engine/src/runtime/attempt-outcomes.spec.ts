import { DelayedError, UnrecoverableError, WaitingError, type Job } from 'bullmq';
import { RunState, StepState, type LogLevel } from '@relais/contracts';
import type { RunUpdate, StepRunEntity } from '@relais/persistence';
import {
  FlowTimeoutError,
  LeaseLostError,
  NonRetryableError,
  RunCancelledError,
  WorkerLostError,
  WorkerShutdownError,
} from '../errors';
import { outageOf } from '../infrastructure/outage';
import type { FlowJobData } from '../launcher/flow-job';
import { SecretRedactor } from '../logging/secret-redactor';
import { AttemptOutcomes } from './attempt-outcomes';
import type { RunAttempt } from './run-attempt';
import type { RunLogger } from './run-context';
import type { RunResources } from './run-resources';

/** Fakes of what AttemptOutcomes touches: the write buffer, the event publisher and the job. */
class Fakes {
  readonly updates: RunUpdate[] = [];
  readonly events: { event: string; state?: RunState; error?: string }[] = [];
  readonly logs: { level: LogLevel; message: string }[] = [];
  readonly stepRows: StepRunEntity[] = [
    { ...stepRow('fetch'), state: StepState.COMPLETED, endedAt: 2, durationMs: 1 },
    stepRow('upload'),
  ];
  readonly stepUpserts: StepRunEntity[] = [];
  flushes = 0;
  movedToWait = 0;
  movedToDelayed = 0;
  /** The fake database: down from the first outage error it is told about, or when a test says so. */
  readonly database = {
    down: false,
    noteFailure(error: unknown): boolean {
      if (outageOf(error) !== 'database') return false;
      this.down = true;
      return true;
    },
    get isDown(): boolean {
      return this.down;
    },
    whileUp: <T>(call: () => Promise<T>): Promise<T> => call(),
    /** Whether a probe would fail: the database itself is away (not only one the flow uses). */
    unreachable: true,
    confirmsOutage(error: unknown): Promise<boolean> {
      return Promise.resolve(this.unreachable && this.noteFailure(error));
    },
  };

  readonly resources = {
    redactor: new SecretRedactor(['hunter2']),
    buffer: {
      updateRun: (update: RunUpdate) => this.updates.push(update),
      upsertStep: (step: StepRunEntity) => this.stepUpserts.push(step),
      flushed: () => {
        this.flushes++;
        return Promise.resolve();
      },
    },
    steps: { findByRun: () => Promise.resolve(this.stepRows) },
    database: this.database,
    events: { publish: (event: { event: string; state?: RunState; error?: string }) => this.events.push(event) },
  } as unknown as RunResources;

  readonly log: RunLogger = {
    debug: (message) => this.logs.push({ level: 'debug', message }),
    info: (message) => this.logs.push({ level: 'info', message }),
    warn: (message) => this.logs.push({ level: 'warn', message }),
    error: (message) => this.logs.push({ level: 'error', message }),
  };

  attempt(number: number, maxAttempts: number): RunAttempt {
    const job = {
      moveToWait: () => {
        this.movedToWait++;
        return Promise.resolve(0);
      },
      moveToDelayed: () => {
        this.movedToDelayed++;
        return Promise.resolve();
      },
    } as unknown as Job<FlowJobData>;
    return {
      run: {
        id: 'run-1',
        flowName: 'test.flow',
        state: RunState.RUNNING,
        parameters: {},
        deploymentName: null,
        parentRunId: null,
        startedAt: 1,
        result: null,
      },
      params: {},
      number,
      maxAttempts,
      job,
      token: 'token',
      signal: new AbortController().signal,
      completedSteps: new Map(),
      lease: null,
    };
  }

  /** The state the run was last set to. */
  get state(): unknown {
    return this.updates.at(-1)?.set.state;
  }
}

function stepRow(stepKey: string): StepRunEntity {
  const row = { runId: 'run-1', stepKey, name: stepKey, state: StepState.RUNNING, result: null, error: null };
  return { ...row, attempt: 1, startedAt: 1, endedAt: null, durationMs: null };
}

describe('AttemptOutcomes', () => {
  let fakes: Fakes;
  let outcomes: AttemptOutcomes;

  beforeEach(() => {
    fakes = new Fakes();
    outcomes = new AttemptOutcomes(fakes.resources);
  });

  it('cancel: a cancelled attempt ends CANCELLED and tells BullMQ not to retry', async () => {
    const error = await outcomes.settle(fakes.attempt(1, 3), fakes.log, new RunCancelledError());
    expect(error).toBeInstanceOf(UnrecoverableError);
    expect(fakes.state).toBe(RunState.CANCELLED);
    expect(fakes.updates.at(-1)?.set.endedAt).toEqual(expect.any(Number));
    expect(fakes.events.at(-1)).toMatchObject({ event: 'flow_cancelled', state: RunState.CANCELLED });
    expect(fakes.flushes).toBe(1);
  });

  it('hand back: a worker shutting down returns the run to the queue as PENDING, no attempt spent', async () => {
    const error = await outcomes.settle(fakes.attempt(1, 3), fakes.log, new WorkerShutdownError());
    expect(error).toBeInstanceOf(WaitingError);
    expect(fakes.state).toBe(RunState.PENDING);
    expect(fakes.movedToWait).toBe(1);
    expect(fakes.logs.at(-1)?.message).toMatch(/handed back to the queue/);
  });

  it('retry: a failure with attempts left is RETRYING, announced, and a plain error for BullMQ to retry', async () => {
    const error = await outcomes.settle(fakes.attempt(1, 3), fakes.log, new Error('password hunter2 refused'));
    expect(error).not.toBeInstanceOf(UnrecoverableError);
    expect(error.message).toBe('password [REDACTED] refused');
    expect(fakes.state).toBe(RunState.RETRYING);
    expect(fakes.updates.at(-1)?.set.endedAt).toBeUndefined();
    expect(fakes.events.at(-1)).toMatchObject({ state: RunState.RETRYING, error: 'password hunter2 refused' });
    expect(fakes.logs.at(-1)).toEqual({
      level: 'error',
      message: 'Attempt 1 failed, will retry: password hunter2 refused',
    });
  });

  it('abandon: a delivery that lost its lease records nothing and hands the job back if it still can', async () => {
    const error = await outcomes.settle(fakes.attempt(1, 3), fakes.log, new LeaseLostError('taken over'));
    expect(error).toBeInstanceOf(WaitingError);
    expect(fakes.updates).toEqual([]);
    expect(fakes.events).toEqual([]);
    expect(fakes.movedToWait).toBe(1);
  });

  it('fail: the last attempt, or an error no attempt can fix, ends FAILED', async () => {
    await outcomes.settle(fakes.attempt(3, 3), fakes.log, new Error('still down'));
    expect(fakes.state).toBe(RunState.FAILED);
    expect(fakes.updates.at(-1)?.set.error).toBe('still down');

    const early = new Fakes();
    const error = await new AttemptOutcomes(early.resources).settle(
      early.attempt(1, 3),
      early.log,
      new NonRetryableError('Q0 not found'),
    );
    expect(error).toBeInstanceOf(UnrecoverableError);
    expect(early.state).toBe(RunState.FAILED);
    expect(early.logs.at(-1)?.message).toBe('Failed: Q0 not found');
  });

  it('crash: a lost worker spends an attempt like a failure, and ends CRASHED when none is left', async () => {
    expect(outcomes.decide(new WorkerLostError('stalled'), 1, 2)).toEqual({
      kind: 'retry',
      message: 'Worker lost: stalled',
    });
    const error = await outcomes.settle(fakes.attempt(2, 2), fakes.log, new WorkerLostError('stalled'));
    expect(error).toBeInstanceOf(UnrecoverableError);
    expect(fakes.state).toBe(RunState.CRASHED);
    expect(fakes.events.at(-1)).toMatchObject({ state: RunState.CRASHED, error: 'Worker lost: stalled' });
    // The step the lost worker was running does not stay RUNNING on a run that ended.
    expect(fakes.stepUpserts.map((step) => [step.stepKey, step.state, step.error])).toEqual([
      ['upload', StepState.FAILED, 'Worker lost: stalled'],
    ]);
  });

  it('defer: an attempt the database outage stopped is handed back once its records are written, not spent', async () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), {
      code: 'ECONNREFUSED',
      fatal: true,
    });
    const error = await outcomes.settle(fakes.attempt(3, 3), fakes.log, outage);
    expect(error).toBeInstanceOf(DelayedError);
    expect(fakes.database.isDown).toBe(true);
    expect(fakes.state).toBe(RunState.PENDING);
    expect(fakes.flushes).toBe(1);
    expect(fakes.movedToDelayed).toBe(1);
    expect(fakes.events).toEqual([]);
    expect(fakes.logs.at(-1)?.message).toMatch(/^Database unavailable: attempt 3 handed back, not spent/);
  });

  it("retry: an outage of a database the flow uses, while Relais's answers, is the flow's failure", async () => {
    fakes.database.unreachable = false;
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.9:3306'), {
      code: 'ECONNREFUSED',
      fatal: true,
    });
    const error = await outcomes.settle(fakes.attempt(1, 3), fakes.log, refused);
    expect(error).not.toBeInstanceOf(DelayedError);
    expect(fakes.state).toBe(RunState.RETRYING);
    expect(fakes.database.isDown).toBe(false);
  });

  it("defer: a timeout or a lost worker while the database is down is the outage's fault; a flow's error is not", () => {
    expect(outcomes.decide(new FlowTimeoutError(300), 3, 3, true)).toMatchObject({ kind: 'defer' });
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', fatal: true });
    expect(outcomes.decide(refused, 3, 3, true)).toMatchObject({ kind: 'defer' });
    expect(outcomes.decide(refused, 3, 3, false)).toMatchObject({ kind: 'fail' });
    expect(outcomes.decide(new WorkerLostError('stalled'), 3, 3, true)).toMatchObject({ kind: 'defer' });
    expect(outcomes.decide(new FlowTimeoutError(300), 3, 3, false)).toMatchObject({ kind: 'fail' });
    expect(outcomes.decide(new Error('bad input'), 1, 3, true)).toMatchObject({ kind: 'retry' });
    expect(outcomes.decide(new RunCancelledError(), 1, 3, true)).toEqual({ kind: 'cancel' });
  });
});
