import type { BatchFileOutcome, BatchResult, TestQueryOutcome } from '@relais/domains/documents/contracts';

/** A batch's counts from its files' outcomes (pure: the batch flow and its tests share it). */
export function summariseBatch(
  folder: string,
  files: BatchFileOutcome[],
  testQueries: TestQueryOutcome[],
  durationMs: number,
): Omit<BatchResult, 'report_id'> {
  const count = (status: BatchFileOutcome['status']) => files.filter((file) => file.status === status).length;
  const indexed = count('indexed');
  const unchanged = count('unchanged');
  const processed = indexed + unchanged;
  const timed = files.filter((file) => file.duration_ms !== null).map((file) => file.duration_ms as number);
  return {
    folder,
    found: files.length,
    processed,
    indexed,
    unchanged,
    failed: count('failed'),
    success_rate: files.length === 0 ? 100 : round1((100 * processed) / files.length),
    chunks: files.reduce((sum, file) => sum + file.chunks, 0),
    chunks_written: files.filter((file) => file.status === 'indexed').reduce((sum, file) => sum + file.chunks, 0),
    mean_time_per_file_ms: timed.length === 0 ? 0 : Math.round(timed.reduce((sum, ms) => sum + ms, 0) / timed.length),
    files,
    test_queries: testQueries,
    duration_ms: durationMs,
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
