import { Inject, Injectable, Logger } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { DEFAULT_RETRY, RunState, stateEventName, type FlowContract } from '@relais/contracts';
import { FlowRunRepository, type FlowRunEntity } from '@relais/persistence';
import { FlowCatalogue } from '../catalogue/flow-catalogue';
import { RunEventPublisher } from '../events/run-event.publisher';
import { QueueRegistry } from '../infrastructure/queue.registry';
import { RunLauncher } from '../launcher/run-launcher';

/** What one reconciliation pass did, for logs and tests. */
export interface ReconcileReport {
  inspected: number;
  reenqueued: string[];
  failed: string[];
  completed: string[];
  cancelled: string[];
}

const ACTIVE_STATES = [RunState.PENDING, RunState.RETRYING, RunState.RUNNING, RunState.CANCELLING];

/**
 * Repairs disagreements between the database (the truth) and Redis: an accepted run whose job Redis lost is
 * enqueued again; a run whose job ended without the database hearing of it gets the job's outcome.
 */
@Injectable()
export class RunReconciler {
  private readonly logger = new Logger(RunReconciler.name);

  constructor(
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
    private readonly runs: FlowRunRepository,
    private readonly queues: QueueRegistry,
    private readonly catalogue: FlowCatalogue,
    private readonly launcher: RunLauncher,
    private readonly events: RunEventPublisher,
  ) {}

  /** Inspects runs untouched for longer than the grace period (so runs being launched right now are left alone). */
  async reconcileOnce(): Promise<ReconcileReport> {
    const report: ReconcileReport = { inspected: 0, reenqueued: [], failed: [], completed: [], cancelled: [] };
    const stale = await this.runs.findStale(ACTIVE_STATES, Date.now() - this.config.reconciler.graceMs, 1000);
    for (const run of stale) {
      report.inspected++;
      const job = await this.queues.get(run.queue).getJob(run.jobId);
      if (!job) {
        if (run.state === RunState.CANCELLING) {
          await this.settle(run, RunState.CANCELLED, { error: null });
          report.cancelled.push(run.id);
        } else {
          await this.launcher.enqueue(this.contractOf(run), run);
          await this.runs.applyUpdates([{ id: run.id, set: { updatedAt: Date.now() }, onlyIfActive: true }]);
          this.logger.warn(`Run ${run.id} (${run.flowName}) had no job in Redis: enqueued again`);
          report.reenqueued.push(run.id);
        }
        continue;
      }
      const state = await job.getState();
      if (state === 'failed') {
        const reason = job.failedReason || 'job failed';
        const crashed = /stalled/i.test(reason);
        await this.settle(run, crashed ? RunState.CRASHED : RunState.FAILED, { error: reason });
        report.failed.push(run.id);
      } else if (state === 'completed') {
        await this.settle(run, RunState.COMPLETED, { result: (job.returnvalue as unknown) ?? null });
        report.completed.push(run.id);
      }
    }
    if (report.reenqueued.length + report.failed.length + report.completed.length + report.cancelled.length > 0) {
      this.logger.log(`Reconciled: ${JSON.stringify({ ...report, inspected: undefined })}`);
    }
    return report;
  }

  /** A flow unknown to this process (declared only in its worker) is re-enqueued with the retry policy it was launched with. */
  private contractOf(run: FlowRunEntity): FlowContract {
    return (
      this.catalogue.find(run.flowName) ?? {
        name: run.flowName,
        queue: run.queue,
        description: '',
        params: Object,
        retry: { ...DEFAULT_RETRY, attempts: run.maxAttempts },
        timeoutMs: 0,
      }
    );
  }

  private async settle(
    run: FlowRunEntity,
    state: RunState,
    fields: { error?: string | null; result?: unknown },
  ): Promise<void> {
    const now = Date.now();
    await this.runs.applyUpdates([
      { id: run.id, set: { state, ...fields, endedAt: now, updatedAt: now }, onlyIfActive: true },
    ]);
    const event = stateEventName(state);
    this.events.publish({ event, runId: run.id, flowName: run.flowName, state, error: fields.error ?? undefined });
  }
}
