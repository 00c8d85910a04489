import { Logger } from '@nestjs/common';
import type { AlertEvaluator, PassSummary } from './alert-evaluator';

/** The lock the loop takes (the engine's RedisLock has this shape). */
export interface EvaluationLock {
  withLock<T>(
    name: string,
    ttlMs: number,
    fn: () => Promise<T>,
  ): Promise<{ acquired: true; value: T } | { acquired: false }>;
}

/** Redis key (under the prefix) of the evaluation lock: renaming it lets two evaluators run side by side. */
export const EVALUATION_LOCK = 'notifications:evaluator';
const LOCK_TTL_MS = 30_000;

/**
 * Runs an evaluation pass every `intervalMs` under a Redis lock, so that however many processes host it
 * (scheduler replicas), one pass runs at a time, in one place. A pass that fails is logged and the next one
 * starts from the saved cursor: nothing is lost.
 */
export class AlertEvaluationLoop {
  private readonly logger = new Logger(AlertEvaluationLoop.name);
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<unknown> = Promise.resolve();
  private stopped = true;

  constructor(
    private readonly evaluator: AlertEvaluator,
    private readonly lock: EvaluationLock,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops scheduling and waits for a pass in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current;
  }

  /** One pass now, under the lock; null when another process holds it. */
  async runOnce(now?: number): Promise<PassSummary | null> {
    const outcome = await this.lock.withLock(EVALUATION_LOCK, LOCK_TTL_MS, () => this.evaluator.evaluate(now));
    return outcome.acquired ? outcome.value : null;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.current = this.runOnce()
        .then((summary) => {
          if (summary && summary.notified + summary.suppressed > 0) {
            this.logger.log(`Alert pass: ${summary.notified} notified, ${summary.suppressed} held back by cooldowns`);
          }
        })
        .catch((error: unknown) => {
          this.logger.warn(
            `Alert pass failed, next one resumes from the cursor: ${error instanceof Error ? error.message : String(error)}`,
          );
        })
        .finally(() => {
          if (!this.stopped) this.schedule(this.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
