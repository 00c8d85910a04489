import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoadResult } from './open-loop';

/** One HTTP request, repeated at a fixed rate. */
export interface HttpLoadSpec {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  ratePerSecond: number;
  durationMs: number;
  warmupMs: number;
}

/** Runs an open-loop HTTP load from a worker thread (http-load.worker.ts) and returns what it measured. */
export function runHttpLoad(spec: HttpLoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // The benchmark runs under ts-node; the thread needs it too to load a .ts file.
    const worker = new Worker(join(__dirname, 'http-load.worker.ts'), {
      workerData: spec,
      execArgv: ['-r', 'ts-node/register/transpile-only'],
    });
    let settled = false;
    worker.once('message', (result: LoadResult) => {
      settled = true;
      resolve(result);
      // Idle keep-alive connections would keep the thread alive.
      void worker.terminate();
    });
    worker.once('error', (error: unknown) => {
      settled = true;
      reject(error instanceof Error ? error : new Error(String(error)));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`The HTTP load thread exited with code ${code} without a result`));
    });
  });
}
