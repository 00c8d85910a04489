import { Injectable } from '@nestjs/common';
import { FlowRunRepository, type FlowRunEntity } from '@relais/persistence';

/**
 * Loads runs by id for the worker, batching the lookups of jobs that start together into one query: with a
 * concurrency of 50, fifty `SELECT … WHERE id = ?` become one `WHERE id IN (…)`.
 */
@Injectable()
export class RunLoader {
  private pending = new Map<
    string,
    { resolve: (run: FlowRunEntity | null) => void; reject: (error: unknown) => void }[]
  >();
  private scheduled = false;

  constructor(private readonly runs: FlowRunRepository) {}

  load(id: string): Promise<FlowRunEntity | null> {
    return new Promise((resolve, reject) => {
      this.pending.set(id, [...(this.pending.get(id) ?? []), { resolve, reject }]);
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
    this.runs.findByIds([...batch.keys()]).then(
      (runs) => {
        const byId = new Map(runs.map((run) => [run.id, run]));
        for (const [id, waiters] of batch) for (const waiter of waiters) waiter.resolve(byId.get(id) ?? null);
      },
      (error: unknown) => {
        for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
      },
    );
  }
}
