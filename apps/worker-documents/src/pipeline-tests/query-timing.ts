import type { PerformanceMeasurement } from '@relais/domains/documents/contracts';
import type { ChunkSearch } from '@relais/ingest';

/** Asks each question once (k = 3) and times it; with the process's memory. */
export async function measureQueries(
  search: ChunkSearch,
  questions: readonly string[],
): Promise<PerformanceMeasurement> {
  const times: number[] = [];
  for (const question of questions) {
    const started = performance.now();
    await search.search(question, 3);
    times.push(performance.now() - started);
  }
  const memory = process.memoryUsage();
  return {
    queries: times.length,
    query_p50_ms: round1(percentile(times, 0.5)),
    query_p95_ms: round1(percentile(times, 0.95)),
    query_max_ms: round1(times.length === 0 ? 0 : Math.max(...times)),
    rss_mb: Math.round(memory.rss / 1_048_576),
    heap_used_mb: Math.round(memory.heapUsed / 1_048_576),
  };
}

/** The nearest-rank percentile of `values` (0 for none). */
export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
