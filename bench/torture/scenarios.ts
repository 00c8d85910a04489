import { Cluster, type ClusterSettings, type TortureSuite } from './cluster';
import { launchRuns, sleep, type LaunchOptions, type LaunchReport } from './launch-client';
import type { RedisComeback } from './redis-server';
import { EVERY_SECOND_DEPLOYMENT, type TortureParams } from './torture-flow';
import type { TortureProcess } from './torture-process';
import { judge, settle, tortureRuns, type ScenarioResult } from './verdict';

/** How big each scenario is: `full` for `npm run torture`, `short` for CI. */
export interface TortureSize {
  name: 'full' | 'short';
  /** Runs launched by the scenarios that launch. */
  runs: number;
  /** Runs of the Redis-paused scenario, whose steps take seconds, and those steps. */
  pausedRuns: number;
  pausedSteps: Partial<TortureParams>;
  /** Launches per second. */
  rate: number;
  /** How long worker SIGKILLs go on after the last launch. */
  killingAfterLaunchMs: number;
  /** How long the database is down. */
  outageMs: number;
  /** How long the schedulers' scenario fires and kills. */
  schedulingMs: number;
  /** How many times the gateway is SIGKILLed during the burst. */
  gatewayKills: number;
  /** How long runs may take to end once the faults stop. */
  patienceMs: number;
}

export const FULL: TortureSize = {
  name: 'full',
  runs: 1000,
  pausedRuns: 300,
  pausedSteps: { steps: 5, step_ms_min: 1000, step_ms_max: 3000 },
  rate: 100,
  killingAfterLaunchMs: 20_000,
  outageMs: 30_000,
  schedulingMs: 60_000,
  gatewayKills: 2,
  patienceMs: 240_000,
};

export const SHORT: TortureSize = {
  name: 'short',
  runs: 30,
  pausedRuns: 30,
  pausedSteps: { steps: 3, step_ms_min: 500, step_ms_max: 1500 },
  rate: 20,
  killingAfterLaunchMs: 6_000,
  // Past SQLite's 10 s busy timeout, which is when a write finds out.
  outageMs: 15_000,
  schedulingMs: 12_000,
  gatewayKills: 1,
  patienceMs: 90_000,
};

export interface Scenario {
  name: string;
  /** One line: the fault. */
  fault: string;
  run(suite: TortureSuite, size: TortureSize): Promise<ScenarioResult>;
}

/** A short lock, so that the jobs of a killed worker come back in seconds (the runs used one too). */
const SHORT_LOCK = { WORKER_LOCK_DURATION_MS: '5000', WORKER_STALLED_INTERVAL_MS: '2000' };

const FIVE_STEPS: Partial<TortureParams> = { steps: 5, step_ms_min: 20, step_ms_max: 200 };

export const SCENARIOS: Scenario[] = [
  {
    name: 'worker-sigkill',
    fault: 'a worker SIGKILLed every 2 s (and started again) under the launches',
    run: (suite, size) =>
      withCluster(
        suite,
        'worker-sigkill',
        { workers: 3, workerConcurrency: 10, schedulers: 1, env: SHORT_LOCK },
        async (cluster, startedAt) => {
          let launching = true;
          const killer = killEvery(2000, cluster.workers, () => launching);
          const report = await launch(cluster, size, size.runs, FIVE_STEPS);
          await sleep(size.killingAfterLaunchMs);
          launching = false;
          const kills = await killer;
          await settle(cluster, size.patienceMs);
          const result = await judge(cluster, 'worker-sigkill', report.accepted.values(), startedAt);
          noteLaunches(result, report);
          result.notes.push(`${kills} worker SIGKILLs`);
          return result;
        },
      ),
  },
  ...(['aof', 'aof-minus-last-second', 'empty'] as RedisComeback[]).map((comeback): Scenario => ({
    name: `redis-kill-${comeback}`,
    fault: `Redis SIGKILLed mid-load and restarted ${
      comeback === 'aof' ? 'with its AOF' : comeback === 'empty' ? 'empty' : 'with the last second of its AOF cut away'
    }`,
    run: (suite, size) =>
      withCluster(
        suite,
        `redis-kill-${comeback}`,
        { workers: 2, workerConcurrency: 10, schedulers: 1 },
        async (cluster, startedAt) => {
          let restarted: Promise<{ cutBytes: number }> | undefined;
          const report = await launch(cluster, size, size.runs, FIVE_STEPS, (accepted) => {
            if (!restarted && accepted >= size.runs / 2) restarted = cluster.redis.restart(comeback);
          });
          const { cutBytes } = (await restarted) ?? { cutBytes: 0 };
          await settle(cluster, size.patienceMs);
          const result = await judge(cluster, `redis-kill-${comeback}`, report.accepted.values(), startedAt);
          noteLaunches(result, report);
          if (comeback === 'aof-minus-last-second') result.notes.push(`${cutBytes} bytes of AOF cut`);
          return result;
        },
      ),
  })),
  {
    name: 'redis-sigstop',
    fault: 'Redis SIGSTOPped 8 s, past the 5 s job lock, while steps of seconds run',
    run: (suite, size) =>
      withCluster(
        suite,
        'redis-sigstop',
        { workers: 3, workerConcurrency: 40, schedulers: 1, env: SHORT_LOCK },
        async (cluster, startedAt) => {
          const report = await launch(cluster, size, size.pausedRuns, size.pausedSteps);
          await sleep(1500);
          await cluster.redis.pause();
          await sleep(8000);
          await cluster.redis.resume();
          await settle(cluster, size.patienceMs);
          const result = await judge(cluster, 'redis-sigstop', report.accepted.values(), startedAt);
          noteLaunches(result, report);
          return result;
        },
      ),
  },
  {
    name: 'database-down',
    fault: 'the database down under load (MariaDB shut down; SQLite write-locked by another process)',
    run: (suite, size) =>
      withCluster(
        suite,
        'database-down',
        { workers: 2, workerConcurrency: 10, schedulers: 1 },
        async (cluster, startedAt) => {
          // Launches spread over the outage: from a few seconds before it to a few seconds after it.
          const spreadMs = size.outageMs + 6000;
          const outage = (async () => {
            await sleep(3000);
            await cluster.database.takeDown();
            await sleep(size.outageMs);
            await cluster.database.bringBack();
          })();
          const report = await launch(cluster, { ...size, rate: (size.runs * 1000) / spreadMs }, size.runs, FIVE_STEPS);
          await outage;
          await settle(cluster, size.patienceMs);
          const result = await judge(cluster, 'database-down', report.accepted.values(), startedAt);
          noteLaunches(result, report);
          result.notes.push(`database down ${size.outageMs / 1000} s`);
          return result;
        },
      ),
  },
  {
    name: 'schedulers-sigkill',
    fault: 'three schedulers, one SIGKILLed every 3 s, a deployment firing every second',
    run: (suite, size) =>
      withCluster(
        suite,
        'schedulers-sigkill',
        {
          workers: 1,
          workerConcurrency: 10,
          schedulers: 3,
          deployments: [EVERY_SECOND_DEPLOYMENT],
        },
        async (cluster, startedAt) => {
          const from = Date.now();
          let killing = true;
          const killer = killEvery(3000, cluster.schedulers, () => killing);
          await sleep(size.schedulingMs);
          killing = false;
          const kills = await killer;
          const to = Date.now();
          // A trigger whose replica died while firing it is handed over once its 10 s lock has run out and a
          // stalled check (every 5 s) has seen it: the replicas go on a little, then fire no more.
          await sleep(16_000);
          await Promise.all(cluster.schedulers.map((scheduler) => scheduler.stop()));
          await settle(cluster, size.patienceMs);
          const result = await judge(cluster, 'schedulers-sigkill', [], startedAt);
          result.notes.push(`${kills} scheduler SIGKILLs`);
          await judgeSlots(result, cluster, from, to);
          return result;
        },
      ),
  },
  {
    name: 'gateway-sigkill',
    fault: 'the gateway SIGKILLed during a burst of launches (clients retry with their keys)',
    run: (suite, size) =>
      withCluster(
        suite,
        'gateway-sigkill',
        { workers: 2, workerConcurrency: 10, schedulers: 1 },
        async (cluster, startedAt) => {
          const restarts: Promise<void>[] = [];
          const killAt = Array.from({ length: size.gatewayKills }, (_, i) =>
            Math.floor((size.runs * (i + 1)) / (size.gatewayKills + 2)),
          );
          const report = await launch(cluster, { ...size, rate: size.rate * 3 }, size.runs, FIVE_STEPS, (accepted) => {
            if (killAt.length > 0 && accepted >= killAt[0]) {
              killAt.shift();
              restarts.push(cluster.gateway.kill().then(() => cluster.gateway.start()));
            }
          });
          await Promise.all(restarts);
          await settle(cluster, size.patienceMs);
          const result = await judge(cluster, 'gateway-sigkill', report.accepted.values(), startedAt);
          noteLaunches(result, report);
          result.notes.push(`${cluster.gateway.kills.length} gateway SIGKILLs`);
          // One run per key: a launch retried after the kill got its first run back, never a second one.
          const runs = await tortureRuns(cluster);
          const extra = runs.length - report.accepted.size;
          if (extra !== 0) result.problems.push(`${runs.length} runs recorded for ${report.accepted.size} keys`);
          return result;
        },
      ),
  },
];

async function withCluster(
  suite: TortureSuite,
  name: string,
  settings: ClusterSettings,
  body: (cluster: Cluster, startedAt: number) => Promise<ScenarioResult>,
): Promise<ScenarioResult> {
  const startedAt = Date.now();
  const cluster = await Cluster.start(suite, name, settings);
  try {
    return await body(cluster, startedAt);
  } finally {
    await cluster.close();
  }
}

function launch(
  cluster: Cluster,
  size: TortureSize,
  count: number,
  params: Partial<TortureParams>,
  onAccepted?: LaunchOptions['onAccepted'],
): Promise<LaunchReport> {
  return launchRuns({
    gatewayUrl: cluster.gatewayUrl,
    token: cluster.token,
    count,
    keyPrefix: 'launch',
    params,
    ratePerSecond: size.rate,
    concurrency: 20,
    deadlineMs: size.patienceMs,
    onAccepted,
  });
}

/** SIGKILLs one running process of `processes` every `everyMs` (and starts it again) while `going()`. */
async function killEvery(everyMs: number, processes: TortureProcess[], going: () => boolean): Promise<number> {
  let kills = 0;
  const restarts: Promise<unknown>[] = [];
  const failedRestarts: unknown[] = [];
  while (going()) {
    await sleep(everyMs);
    if (!going()) break;
    const serving = processes.filter((candidate) => candidate.isReady());
    // Keep one serving: a platform with none left proves nothing about recovery.
    if (serving.length < 2) continue;
    const victim = serving[Math.floor(Math.random() * serving.length)];
    await victim.kill();
    kills++;
    restarts.push(victim.start().catch((error: unknown) => failedRestarts.push(error)));
  }
  await Promise.all(restarts);
  if (failedRestarts.length > 0) throw failedRestarts[0];
  return kills;
}

function noteLaunches(result: ScenarioResult, report: LaunchReport): void {
  const statuses = Object.entries(report.statuses)
    .filter(([status]) => !['200', '201'].includes(status))
    .map(([status, count]) => `${count}× ${status === 'network' ? 'connection refused/reset' : status}`);
  if (statuses.length > 0) result.notes.push(`launch answers besides 201: ${statuses.join(', ')}`);
  const errors = Object.entries(report.statuses).filter(([status]) => /^5/.test(status) && status !== '503');
  for (const [status, count] of errors) result.problems.push(`${count} launches answered ${status}`);
  if (report.withoutRetryAfter > 0) result.problems.push(`${report.withoutRetryAfter} 503s without Retry-After`);
  if (report.gaveUp.length > 0) result.problems.push(`${report.gaveUp.length} launches never accepted`);
}

/**
 * The schedulers' promise: every slot between `from` and `to` fired exactly once. Slots within a few seconds of
 * either end are left out (the first replicas were still starting; the last firings race the stop).
 */
async function judgeSlots(result: ScenarioResult, cluster: Cluster, from: number, to: number): Promise<void> {
  const slots = new Map<number, number>();
  for (const run of await tortureRuns(cluster)) {
    const slot = Number(run.idempotencyKey?.split(':').pop());
    slots.set(slot, (slots.get(slot) ?? 0) + 1);
  }
  const first = Math.ceil(from / 1000) + 3;
  const last = Math.floor(to / 1000) - 3;
  const missed: number[] = [];
  let twice = 0;
  for (let slot = first; slot <= last; slot++) {
    const fired = slots.get(slot) ?? 0;
    if (fired === 0) missed.push(slot);
    if (fired > 1) twice++;
  }
  result.notes.push(`${last - first + 1 - missed.length} of ${last - first + 1} slots fired`);
  if (missed.length > 0) result.problems.push(`${missed.length} slots missed: ${missed.slice(0, 10).join(', ')}`);
  if (twice > 0) result.problems.push(`${twice} slots fired twice`);
}
