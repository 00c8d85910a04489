import { Injectable } from '@nestjs/common';
import { FlowRunRepository, StepRunRepository, type FlowRunEntity, type StepRunEntity } from '@relais/persistence';

/**
 * Loads runs, and the steps they completed, by run id for the worker, batching the lookups of jobs that start
 * together into one query each: with a concurrency of 50, fifty `SELECT … WHERE id = ?` become one
 * `WHERE id IN (…)`. Every delivery reads both: the database, not the job, says what a run has done.
 */
@Injectable()
export class RunLoader {
  private readonly runBatches: Batcher<FlowRunEntity | null>;
  private readonly stepBatches: Batcher<StepRunEntity[]>;

  constructor(runs: FlowRunRepository, steps: StepRunRepository) {
    this.runBatches = new Batcher(async (ids) => {
      const byId = new Map((await runs.findByIds(ids)).map((run) => [run.id, run]));
      return (id) => byId.get(id) ?? null;
    });
    this.stepBatches = new Batcher(async (ids) => {
      const byRun = new Map<string, StepRunEntity[]>();
      // Appended in place: copying the array per step made a run with thousands of steps cost O(n²) per delivery.
      for (const step of await steps.findCompletedByRuns(ids)) {
        const ofRun = byRun.get(step.runId);
        if (ofRun) ofRun.push(step);
        else byRun.set(step.runId, [step]);
      }
      return (id) => byRun.get(id) ?? [];
    });
  }

  load(id: string): Promise<FlowRunEntity | null> {
    return this.runBatches.get(id);
  }

  /** The steps of the run that some attempt completed (their results replay), tallies included. */
  completedSteps(runId: string): Promise<StepRunEntity[]> {
    return this.stepBatches.get(runId);
  }
}

/** Gathers the keys asked for in one turn of the event loop and answers them all with one lookup. */
class Batcher<V> {
  private pending = new Map<string, { resolve: (value: V) => void; reject: (error: unknown) => void }[]>();
  private scheduled = false;

  constructor(private readonly lookup: (keys: string[]) => Promise<(key: string) => V>) {}

  get(key: string): Promise<V> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.dispatch());
      }
    });
  }

  private dispatch(): void {
    const batch = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    this.lookup([...batch.keys()]).then(
      (valueOf) => {
        for (const [key, waiters] of batch) for (const waiter of waiters) waiter.resolve(valueOf(key));
      },
      (error: unknown) => {
        for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
      },
    );
  }
}
