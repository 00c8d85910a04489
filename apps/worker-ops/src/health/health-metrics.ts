import type { HealthMeasurements, QueueJobCounts } from './health-measurements';

/**
 * The `metrics` of a health-check result: headline figures always, per-CPU, per-queue and per-process detail
 * when `detailed`. Keys are snake_case like the rest of the result because dashboards and the analytics report
 * read them as they are.
 */
export function healthMetrics(measurements: HealthMeasurements, detailed: boolean): Record<string, unknown> {
  const { system, redis, database, chroma, queues } = measurements;
  const readable = queues.flatMap((queue) => ('counts' in queue ? [queue.counts] : []));
  const sum = (pick: (counts: QueueJobCounts) => number): number =>
    readable.reduce((total, counts) => total + pick(counts), 0);

  const headline: Record<string, unknown> = {
    cpu_percent: system.cpu.percent,
    memory_percent: system.memory.percent,
    disk_percent: 'percent' in system.disk ? system.disk.percent : null,
    process_rss_bytes: system.process.rssBytes,
    redis_latency_ms: redis.state === 'up' ? redis.latencyMs : null,
    redis_used_memory_bytes: redis.state === 'up' ? redis.usedMemoryBytes : null,
    database_latency_ms: database.state === 'up' ? database.latencyMs : null,
    chroma_latency_ms: chroma.state === 'up' ? chroma.latencyMs : null,
    queue_backlog_total: sum((counts) => counts.waiting + counts.prioritized + counts.delayed),
    queue_active_total: sum((counts) => counts.active),
    queue_failed_total: sum((counts) => counts.failed),
  };
  if (!detailed) return headline;

  return {
    ...headline,
    cpu_per_core_percent: system.cpu.perCpuPercent,
    cpu_sample_ms: system.cpu.sampleMs,
    memory: {
      total_bytes: system.memory.totalBytes,
      available_bytes: system.memory.availableBytes,
      source: system.memory.source,
    },
    disk:
      'percent' in system.disk
        ? {
            path: system.disk.path,
            measured_path: system.disk.measuredPath,
            total_bytes: system.disk.totalBytes,
            available_bytes: system.disk.availableBytes,
          }
        : { path: system.disk.path, error: system.disk.error },
    process: {
      pid: system.process.pid,
      rss_bytes: system.process.rssBytes,
      heap_used_bytes: system.process.heapUsedBytes,
      uptime_seconds: system.process.uptimeSeconds,
    },
    redis_max_memory_bytes: redis.state === 'up' ? redis.maxMemoryBytes : null,
    queues: Object.fromEntries(
      queues.map((queue) => [queue.queue, 'counts' in queue ? { ...queue.counts } : { error: queue.error }]),
    ),
  };
}
