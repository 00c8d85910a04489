import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { RelaisConfig } from '@relais/config';
import { StepState } from '@relais/contracts';
import type {
  FlowRunRepository,
  RunLogEntity,
  RunLogRepository,
  RunUpdate,
  StepRunEntity,
  StepRunRepository,
} from '@relais/persistence';
import { DatabaseAvailability } from './database-availability';
import { RunWriteBuffer } from './run-write-buffer';

/** What mysql2 throws when the server is not there. */
function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED', fatal: true });
}

/** A database whose every call fails while `up` is false, recording what was written. */
class FakeDatabase {
  up = true;
  readonly applied: RunUpdate[] = [];
  readonly steps: StepRunEntity[] = [];
  readonly logs: string[] = [];
  writeCalls = 0;

  readonly dataSource = {
    isInitialized: true,
    options: { type: 'mysql' },
    query: () => (this.up ? Promise.resolve([{ 1: 1 }]) : Promise.reject(refused())),
  } as unknown as DataSource;

  readonly runs = {
    applyUpdates: (updates: RunUpdate[]) => this.write(() => this.applied.push(...updates)),
  } as unknown as FlowRunRepository;

  readonly stepRuns = {
    upsertMany: (steps: StepRunEntity[]) => this.write(() => this.steps.push(...steps)),
  } as unknown as StepRunRepository;

  readonly runLogs = {
    insertMany: (lines: Omit<RunLogEntity, 'id'>[]) => this.write(() => this.logs.push(...lines.map((l) => l.message))),
  } as unknown as RunLogRepository;

  private write(apply: () => void): Promise<void> {
    this.writeCalls++;
    if (!this.up) return Promise.reject(refused());
    apply();
    return Promise.resolve();
  }
}

function step(stepKey: string, state: StepState): StepRunEntity {
  return {
    runId: 'run-1',
    stepKey,
    name: stepKey,
    state,
    result: null,
    error: null,
    attempt: 1,
    startedAt: 1,
    endedAt: null,
    durationMs: null,
  };
}

function log(message: string): Omit<RunLogEntity, 'id'> {
  return { runId: 'run-1', level: 'info', message, step: null, createdAt: 1 };
}

/** Whether `promise` has settled after the current turns of the event loop. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  const finish = (): void => {
    done = true;
  };
  promise.then(finish, finish);
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('RunWriteBuffer', () => {
  const secret = 'correct horse battery staple';
  let database: FakeDatabase;
  let availability: DatabaseAvailability;
  let buffer: RunWriteBuffer;

  // The outage's warnings are expected here.
  beforeAll(() => {
    Logger.overrideLogger(['error']);
  });
  afterAll(() => {
    Logger.overrideLogger(true);
  });

  beforeEach(() => {
    database = new FakeDatabase();
    availability = new DatabaseAvailability(database.dataSource);
    const config = { secrets: [secret], writeBehindFlushMs: 1, worker: { shutdownGraceMs: 0 } } as RelaisConfig;
    buffer = new RunWriteBuffer(config, database.runs, database.stepRuns, database.runLogs, availability);
  });

  afterEach(() => availability.onApplicationShutdown());

  it('redacts errors and progress messages, and keeps what earlier updates of the run set', async () => {
    buffer.updateRun({ id: 'run-1', set: { progress: 40, progressMessage: `using ${secret}` }, onlyIfActive: true });
    buffer.updateRun({ id: 'run-1', set: { error: `failed with ${secret}` }, onlyIfActive: true });
    await buffer.flushed();

    expect(database.applied).toEqual([
      {
        id: 'run-1',
        set: { progress: 40, progressMessage: 'using [REDACTED]', error: 'failed with [REDACTED]' },
        onlyIfActive: true,
      },
    ]);
  });

  it('holds its records while the database is away: nothing dropped, nothing written twice, flushed() waits', async () => {
    buffer.upsertStep(step('fetch', StepState.COMPLETED));
    buffer.appendLog(log('first'));
    buffer.updateRun({ id: 'run-1', set: { progress: 50 }, onlyIfActive: true });
    await buffer.flushed();

    database.up = false;
    buffer.upsertStep(step('upload', StepState.RUNNING));
    buffer.appendLog(log('second'));
    buffer.updateRun({ id: 'run-1', set: { progress: 80, progressMessage: 'uploading' }, onlyIfActive: true });
    const durable = buffer.flushed();
    await sleep(50);
    expect(availability.isDown).toBe(true);
    expect(buffer.hasRoom()).toBe(false);
    const room = buffer.waitForRoom(new AbortController().signal);

    // Newer writes while it is away coalesce with the held ones (the newest value wins) and wait with them.
    buffer.upsertStep(step('upload', StepState.COMPLETED));
    buffer.appendLog(log('third'));
    buffer.updateRun({ id: 'run-1', set: { progress: 100 }, onlyIfActive: true });
    await sleep(600);
    expect(await settled(durable)).toBe(false);
    expect(await settled(room)).toBe(false);
    // One failed try, then nothing until a probe finds the database back: no hammering.
    expect(database.writeCalls).toBe(4);

    database.up = true;
    await durable;
    await room;
    expect(availability.isDown).toBe(false);
    expect(database.steps.map((row) => [row.stepKey, row.state])).toEqual([
      ['fetch', StepState.COMPLETED],
      ['upload', StepState.COMPLETED],
    ]);
    expect(database.logs).toEqual(['first', 'second', 'third']);
    expect(database.applied.at(-1)).toEqual({
      id: 'run-1',
      set: { progress: 100, progressMessage: 'uploading' },
      onlyIfActive: true,
    });
  });
});
