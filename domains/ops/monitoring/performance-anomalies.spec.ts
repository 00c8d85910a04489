import type { FlowStatistics } from './flow-statistics';
import { detectAnomalies, type PerformanceSnapshot } from './performance-anomalies';

const aFlow = (overrides: Partial<FlowStatistics>): FlowStatistics => ({
  flow: 'scrutart.process-artist',
  runs: 20,
  by_state: { COMPLETED: 20 },
  success_rate: 1,
  failure_rate: 0,
  duration_p50_ms: 1000,
  duration_p95_ms: 2000,
  wait_p50_ms: 10,
  wait_p95_ms: 50,
  ...overrides,
});

const calm: PerformanceSnapshot = {
  cpu_percent: 10,
  memory_percent: 40,
  disk_percent: 50,
  queues: [{ queue: 'scrutart', waiting: 3, oldest_wait_ms: 2000 }],
  flows: [aFlow({})],
};

describe('performance anomalies', () => {
  it('score a calm platform 100 with no anomaly', () => {
    expect(detectAnomalies(calm, {})).toEqual({ anomalies: [], score: 100 });
  });

  it('flag a flow twice as slow as its history, only with enough history and runs', () => {
    const slow = { ...calm, flows: [aFlow({ duration_p95_ms: 5000 })] };
    const history = { 'scrutart.process-artist': { mean_p95_ms: 2000, reports: 3 } };
    expect(detectAnomalies(slow, history).anomalies.map((anomaly) => anomaly.subject)).toEqual([
      'scrutart.process-artist',
    ]);
    expect(detectAnomalies(slow, history).score).toBe(90);
    expect(detectAnomalies(slow, { 'scrutart.process-artist': { mean_p95_ms: 2000, reports: 2 } }).anomalies).toEqual(
      [],
    );
    const quiet = { ...calm, flows: [aFlow({ duration_p95_ms: 5000, by_state: { COMPLETED: 4 } })] };
    expect(detectAnomalies(quiet, history).anomalies).toEqual([]);
  });

  it('flag failure rates, backlogs, old waits and resources, each with its points', () => {
    const bad: PerformanceSnapshot = {
      cpu_percent: 95,
      memory_percent: 90,
      disk_percent: 95,
      queues: [{ queue: 'ops', waiting: 1500, oldest_wait_ms: 20 * 60_000 }],
      flows: [aFlow({ by_state: { COMPLETED: 6, FAILED: 4 }, failure_rate: 0.4 })],
    };
    const { anomalies, score } = detectAnomalies(bad, {});
    expect(anomalies.map((anomaly) => [anomaly.subject, anomaly.points])).toEqual([
      ['cpu', 15],
      ['memory', 15],
      ['disk', 25],
      ['ops', 10],
      ['ops', 10],
      ['scrutart.process-artist', 15],
    ]);
    expect(score).toBe(10);
  });
});
