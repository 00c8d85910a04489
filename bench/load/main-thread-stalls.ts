import { monitorEventLoopDelay, PerformanceObserver, type ELDHistogram } from 'node:perf_hooks';

/** How long the gateway's thread could not answer during a scenario: its event loop's delay, and GC pauses. */
export interface MainThreadStalls {
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  gcPauses: number;
  gcTotalMs: number;
  gcMaxMs: number;
}

/**
 * Records the event loop's delay and the garbage collector's pauses on this thread (the gateway's; the HTTP client
 * has its own) from now until `stop()`. A tail the route's own work does not explain shows here: a major GC, or a
 * synchronous call (better-sqlite3 is synchronous) holding the loop.
 */
export function recordMainThreadStalls(): { stop: () => MainThreadStalls } {
  const delay: ELDHistogram = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const pauses: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push(entry.duration);
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop: () => {
      delay.disable();
      observer.disconnect();
      return {
        loopDelayP99Ms: delay.percentile(99) / 1e6,
        loopDelayMaxMs: delay.max / 1e6,
        gcPauses: pauses.length,
        gcTotalMs: pauses.reduce((sum, pause) => sum + pause, 0),
        gcMaxMs: pauses.reduce((max, pause) => Math.max(max, pause), 0),
      };
    },
  };
}
