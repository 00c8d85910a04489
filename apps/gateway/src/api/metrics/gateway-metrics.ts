import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { QUEUES } from '@relais/contracts';
import { errorMessage, FlowCatalogue, QueueRegistry } from '@relais/engine';
import { FlowRunRepository } from '@relais/persistence';

/** How a run was started through the API: a flow's runs route, a deployment's run route, or a retry. */
export type ApiRunRoute = 'flow' | 'deployment' | 'retry';

/**
 * The gateway's Prometheus metrics, in a Registry of its own: prom-client's global registry would be shared by
 * every gateway in a process (tests start several) and refuse the second registration of each metric.
 * Queue depths and run counts are read when scraped; the API counters live in this process.
 */
@Injectable()
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly logger = new Logger(GatewayMetrics.name);

  private readonly queueJobs = new Gauge({
    name: 'relais_queue_jobs',
    help: 'Jobs in each BullMQ queue, by job state (getJobCounts)',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  private readonly runs = new Gauge({
    name: 'relais_runs',
    help: 'Runs recorded in the database, by flow and state',
    labelNames: ['flow', 'state'] as const,
    registers: [this.registry],
  });

  private readonly scrapeErrors = new Counter({
    name: 'relais_metrics_scrape_errors_total',
    help: 'Scrapes that could not read a source (redis: queue depths, database: run counts)',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  private readonly runsStarted = new Counter({
    name: 'relais_api_runs_started_total',
    help: 'Runs started through this gateway’s REST API, by flow and route (flow, deployment, retry)',
    labelNames: ['flow', 'route'] as const,
    registers: [this.registry],
  });

  constructor(
    private readonly queues: QueueRegistry,
    private readonly catalogue: FlowCatalogue,
    private readonly flowRuns: FlowRunRepository,
  ) {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts a run the API started (not an idempotent replay of an earlier start). */
  recordRunStarted(flowName: string, route: ApiRunRoute): void {
    this.runsStarted.inc({ flow: flowName, route });
  }

  /**
   * The exposition text. A source that cannot be read (Redis or the database down) leaves its series out and
   * counts a scrape error, so Prometheus still gets the rest.
   */
  async render(): Promise<string> {
    await Promise.all([this.readQueueDepths(), this.readRunCounts()]);
    return this.registry.metrics();
  }

  private async readQueueDepths(): Promise<void> {
    this.queueJobs.reset();
    try {
      const names = new Set<string>([...Object.values(QUEUES), ...this.catalogue.all().map((flow) => flow.queue)]);
      const counts = await Promise.all(
        [...names].sort().map(async (queue) => ({ queue, counts: await this.queues.get(queue).getJobCounts() })),
      );
      for (const { queue, counts: byState } of counts) {
        for (const [state, count] of Object.entries(byState)) this.queueJobs.set({ queue, state }, count);
      }
    } catch (error) {
      this.queueJobs.reset();
      this.scrapeErrors.inc({ source: 'redis' });
      this.logger.warn(`Queue depths unavailable for /metrics: ${errorMessage(error)}`);
    }
  }

  private async readRunCounts(): Promise<void> {
    this.runs.reset();
    try {
      for (const row of await this.flowRuns.countByFlowAndState()) {
        this.runs.set({ flow: row.flowName, state: row.state }, row.count);
      }
    } catch (error) {
      this.runs.reset();
      this.scrapeErrors.inc({ source: 'database' });
      this.logger.warn(`Run counts unavailable for /metrics: ${errorMessage(error)}`);
    }
  }
}
