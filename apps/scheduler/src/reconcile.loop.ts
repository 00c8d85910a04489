import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { DeploymentService, errorMessage, RedisLock, RunReconciler } from '@relais/engine';

/** Name of the Redis lock under which one replica at a time reconciles runs. */
export const RECONCILER_LOCK = 'reconciler';
/**
 * The holder extends the lock every third of this while its pass runs, however long: the TTL only counts when
 * the holder died mid-pass, and it is how long run reconciliation then waits for another replica.
 */
const RECONCILER_LOCK_TTL_MS = 15_000;

/**
 * Every RECONCILE_INTERVAL_MS: re-enqueues accepted runs whose job Redis lost (and settles runs whose job ended
 * unheard), then repairs the deployments' job schedulers (say, after Redis lost them). Each under its own lock,
 * so with several replicas one does each job per tick. A failed tick is logged; the next one tries again.
 */
@Injectable()
export class ReconcileLoop implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ReconcileLoop.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
    private readonly reconciler: RunReconciler,
    private readonly deployments: DeploymentService,
    private readonly lock: RedisLock,
  ) {}

  /** Starts ticking (the first tick one interval from now: start-up has just synced the schedules). */
  start(): void {
    if (this.stopped || this.timer) return;
    this.scheduleNextTick();
  }

  /** One tick: reconcile runs, then job schedulers. Never throws. */
  async tick(): Promise<void> {
    try {
      await this.lock.withLock(RECONCILER_LOCK, RECONCILER_LOCK_TTL_MS, () => this.reconciler.reconcileOnce());
    } catch (error) {
      this.logger.error(`Run reconciliation failed: ${errorMessage(error)}`);
    }
    try {
      await this.deployments.applySchedules();
    } catch (error) {
      this.logger.error(`Job scheduler repair failed: ${errorMessage(error)}`);
    }
  }

  /** Stops ticking and waits for a tick in progress, before the connections it uses close. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  // A timeout chain rather than setInterval: a slow tick delays the next instead of overlapping it.
  private scheduleNextTick(): void {
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.scheduleNextTick();
      });
    }, this.config.reconciler.intervalMs);
    this.timer.unref();
  }
}
