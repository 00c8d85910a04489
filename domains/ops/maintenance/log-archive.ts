import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** A log line as archived (one JSON object per line). */
export interface ArchivedLogLine {
  id: number;
  runId: string;
  level: string;
  step: string | null;
  message: string;
  createdAt: number;
}

/**
 * A gzip JSONL archive of log lines: `<dir>/run-logs-<stamp>.jsonl.gz`, one per maintenance run. Each batch is
 * appended as its own gzip member (gunzip and zcat read the members as one stream) and is on disk before the
 * caller deletes those lines: a crash between the two archives a line twice, never loses one.
 */
export class LogArchive {
  readonly path: string;
  private lines = 0;

  constructor(directory: string, stamp: string) {
    this.path = join(directory, `run-logs-${stamp}.jsonl.gz`);
  }

  get linesWritten(): number {
    return this.lines;
  }

  async append(lines: readonly ArchivedLogLine[]): Promise<void> {
    if (lines.length === 0) return;
    await mkdir(join(this.path, '..'), { recursive: true });
    const text = lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
    await appendFile(this.path, gzipSync(text));
    this.lines += lines.length;
  }
}
