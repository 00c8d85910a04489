'use strict';
/*
 * When the supervisor restarts a child that died on its own, and when it gives up on it.
 */

/**
 * Exponential backoff (1 s, 2 s, 4 s… up to 30 s) on the failures of the last 10 minutes, and a budget of 10
 * restarts per 10 minutes. A process that fails now and then for a passing reason (a busy database, Redis
 * restarting) is restarted as often as it needs over a day; one that cannot start gives up after about three
 * minutes (1+2+4+8+16+30×5 s of backoff): it needs someone, not more restarts.
 */
const DEFAULT_RESTART_POLICY = { initialDelayMs: 1000, maxDelayMs: 30_000, windowMs: 10 * 60_000, budget: 10 };

class RestartPolicy {
  /** @param {Partial<typeof DEFAULT_RESTART_POLICY>} [options] */
  constructor(options = {}) {
    this.options = { ...DEFAULT_RESTART_POLICY, ...options };
    /** @type {number[]} when each failure of the window happened */
    this.failures = [];
  }

  /**
   * Notes a failure at `now`: returns `{ restart: true, delayMs, recent }` (recent = failures in the window,
   * this one included) or `{ restart: false, recent }` when the window's budget is spent.
   * @param {number} now epoch ms
   */
  onFailure(now) {
    const { initialDelayMs, maxDelayMs, windowMs, budget } = this.options;
    this.failures = this.failures.filter((at) => now - at < windowMs);
    this.failures.push(now);
    const recent = this.failures.length;
    if (recent > budget) return { restart: false, recent };
    const delayMs = Math.min(maxDelayMs, initialDelayMs * 2 ** (recent - 1));
    return { restart: true, delayMs, recent };
  }
}

module.exports = { RestartPolicy, DEFAULT_RESTART_POLICY };
