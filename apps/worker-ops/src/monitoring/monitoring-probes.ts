import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { flowStatistics, type FlowStatistics } from '@relais/domains/ops/monitoring/flow-statistics';
import type { DurationHistory, PerformanceSnapshot } from '@relais/domains/ops/monitoring/performance-anomalies';
import { RunStatisticsRepository } from '@relais/domains/ops/persistence/run-statistics.repository';
import { FlowCatalogue, QueueRegistry } from '@relais/engine';
import { probeQueues } from '../health/queue-probe';
import { probeSystem } from '../health/system-probe';

/** Completed runs read per period for percentiles (the newest ones when a period has more). */
const TIMINGS_CAP = 100_000;
const PROBE_TIMEOUT_MS = 3000;

/** The report series performance monitoring writes and reads back for its trends. */
export const PERFORMANCE_REPORT_KEY = 'performance-report';

/**
 * What monitoring and analytics measure: the host, the flow queues (depth and oldest wait) and the runs of a
 * period. Each result is plain JSON: the flows store it as a durable step.
 */
@Injectable()
export class MonitoringProbes {
  constructor(
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
    @Inject(RunStatisticsRepository) private readonly statistics: RunStatisticsRepository,
    @Inject(QueueRegistry) private readonly queues: QueueRegistry,
    @Inject(FlowCatalogue) private readonly catalogue: FlowCatalogue,
  ) {}

  async system(
    signal: AbortSignal,
  ): Promise<Pick<PerformanceSnapshot, 'cpu_percent' | 'memory_percent' | 'disk_percent'>> {
    const system = await probeSystem({ dataDir: this.config.dataDir, timeoutMs: PROBE_TIMEOUT_MS, signal });
    return {
      cpu_percent: system.cpu.percent,
      memory_percent: system.memory.percent,
      disk_percent: 'percent' in system.disk ? system.disk.percent : null,
    };
  }

  /** Per flow queue: jobs waiting (waiting, prioritised, delayed) and the age of the oldest waiting job. */
  async queueDepths(signal: AbortSignal, now = Date.now()): Promise<PerformanceSnapshot['queues']> {
    const names = this.catalogue.queues();
    const measured = await probeQueues(names, (name) => this.queues.get(name), { timeoutMs: PROBE_TIMEOUT_MS, signal });
    return Promise.all(
      measured.map(async (queue) => {
        if (!('counts' in queue)) return { queue: queue.queue, waiting: 0, oldest_wait_ms: null };
        const [oldest] = (await this.queues.get(queue.queue).getJobs(['waiting', 'prioritized'], 0, 0, true)) as (
          Job | undefined
        )[];
        return {
          queue: queue.queue,
          waiting: queue.counts.waiting + queue.counts.prioritized + queue.counts.delayed,
          oldest_wait_ms: oldest ? Math.max(0, now - oldest.timestamp) : null,
        };
      }),
    );
  }

  /** Per-flow statistics of the runs created in [from, to). */
  async flows(from: number, to: number): Promise<FlowStatistics[]> {
    const [counts, timings] = await Promise.all([
      this.statistics.countsByFlowAndState(from, to),
      this.statistics.completedTimings(from, to, TIMINGS_CAP),
    ]);
    return flowStatistics(counts, timings);
  }

  /** Per flow, the mean p95 of the last `reports` performance reports before `before`. */
  async durationHistory(before: number, reports: number): Promise<DurationHistory> {
    const earlier = await this.statistics.latestReports(PERFORMANCE_REPORT_KEY, before, reports);
    const samples = new Map<string, number[]>();
    for (const report of earlier) {
      const flows = (report.content as { flows?: { flow: string; duration_p95_ms: number | null }[] } | null)?.flows;
      for (const flow of flows ?? []) {
        if (flow.duration_p95_ms === null) continue;
        samples.set(flow.flow, [...(samples.get(flow.flow) ?? []), flow.duration_p95_ms]);
      }
    }
    return Object.fromEntries(
      [...samples].map(([flow, values]) => [
        flow,
        { mean_p95_ms: values.reduce((sum, value) => sum + value, 0) / values.length, reports: values.length },
      ]),
    );
  }
}
