import type { BatchFileOutcome } from '@relais/domains/documents/contracts';
import { summariseBatch } from './batch-summary';

const file = (
  source: string,
  status: BatchFileOutcome['status'],
  chunks: number,
  ms: number | null,
): BatchFileOutcome => ({
  source,
  status,
  chunks,
  run_id: ms === null ? null : `run-${source}`,
  error_code: status === 'failed' ? 'corrupt' : null,
  error: null,
  duration_ms: ms,
});

describe('summariseBatch', () => {
  it('counts files by outcome, chunks kept and written, the success rate and the mean time of the files that ran', () => {
    const summary = summariseBatch(
      'inbox',
      [file('a.pdf', 'indexed', 10, 300), file('b.txt', 'unchanged', 4, null), file('c.pdf', 'failed', 0, 100)],
      [],
      1234,
    );

    expect(summary).toMatchObject({
      folder: 'inbox',
      found: 3,
      processed: 2,
      indexed: 1,
      unchanged: 1,
      failed: 1,
      success_rate: 66.7,
      chunks: 14,
      chunks_written: 10,
      mean_time_per_file_ms: 200,
      duration_ms: 1234,
    });
  });

  it('calls an empty folder a full success', () => {
    expect(summariseBatch('empty', [], [], 5)).toMatchObject({ found: 0, success_rate: 100, mean_time_per_file_ms: 0 });
  });
});
