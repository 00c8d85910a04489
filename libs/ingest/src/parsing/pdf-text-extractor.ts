import { Worker } from 'node:worker_threads';
import { PDF_TEXT_THREAD } from './pdf-text.thread';

/** A PDF's text, page by page. */
export interface PdfText {
  /** Text of each page, page 1 first. */
  pages: string[];
  title: string | null;
}

/** Why an extraction failed: pdf.js's exception, or the thread's limits. */
export class PdfExtractionFailure extends Error {
  constructor(
    /** pdf.js's exception name (PasswordException, InvalidPDFException, …), or `timeout`, `out-of-memory`, `crash`. */
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = 'PdfExtractionFailure';
  }
}

export interface PdfTextExtractorOptions {
  /** Threads kept at most; more extractions wait for one. */
  maxThreads: number;
  /** An extraction that takes longer ends its thread and fails with kind `timeout`. */
  timeoutMs: number;
  /** V8 heap ceiling of each thread; crossing it fails the extraction with kind `out-of-memory`. */
  maxHeapMb: number;
  /** A thread idle this long is ended (default 30 s): each one holds pdf.js, ~40 MB. */
  idleMs?: number;
}

interface ThreadAnswer {
  id: number;
  ok: boolean;
  pages?: string[];
  title?: string | null;
  name?: string;
  message?: string;
}

/**
 * Extracts PDF text with pdf.js in worker threads: parsing is CPU-bound and would otherwise block the process's
 * event loop (BullMQ's lock renewals, HTTP), and a malformed file that loops or balloons is stopped by the
 * timeout and heap ceiling without harming the process. Threads are reused, at most `maxThreads` at a time.
 */
export class PdfTextExtractor {
  private readonly idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];
  private readonly waiting: (() => void)[] = [];
  private busy = 0;
  private nextId = 1;
  private closed = false;
  private readonly modulePath = require.resolve('pdfjs-dist/legacy/build/pdf.mjs');
  private readonly workerPath = require.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs');

  constructor(private readonly options: PdfTextExtractorOptions) {}

  /** How long an extraction may take. */
  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  /** The text of every page; throws PdfExtractionFailure when pdf.js cannot read the file. */
  async extract(bytes: Uint8Array): Promise<PdfText> {
    if (this.closed) throw new Error('PdfTextExtractor is closed');
    await this.acquire();
    let worker: Worker | undefined;
    try {
      worker = this.takeIdle() ?? this.spawn();
      const answer = await this.run(worker, bytes);
      this.putIdle(worker);
      worker = undefined;
      return answer;
    } finally {
      // A thread that timed out, crashed or threw mid-protocol is not reused.
      if (worker) await worker.terminate();
      this.release();
    }
  }

  /** Ends the idle threads; extractions still running finish first. */
  async close(): Promise<void> {
    this.closed = true;
    const idle = this.idle.splice(0);
    await Promise.all(
      idle.map(({ worker, timer }) => {
        clearTimeout(timer);
        return worker.terminate();
      }),
    );
  }

  private run(worker: Worker, bytes: Uint8Array): Promise<PdfText> {
    const id = this.nextId++;
    // A copy the thread owns: the caller's Buffer may be a view on a shared pool.
    const data = new Uint8Array(bytes);
    return new Promise<PdfText>((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (answer: ThreadAnswer): void => {
        if (answer.id !== id) return;
        cleanup();
        if (answer.ok) resolve({ pages: answer.pages ?? [], title: answer.title ?? null });
        else reject(new PdfExtractionFailure(answer.name ?? 'Error', answer.message ?? 'unknown pdf.js error'));
      };
      const onError = (error: Error & { code?: string }): void => {
        cleanup();
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new PdfExtractionFailure('out-of-memory', `needs more than ${this.options.maxHeapMb} MB of heap`)
            : new PdfExtractionFailure('crash', `the extraction thread failed: ${error.message}`),
        );
      };
      const onExit = (code: number): void => {
        cleanup();
        reject(new PdfExtractionFailure('crash', `the extraction thread exited with code ${code}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new PdfExtractionFailure('timeout', `text extraction took over ${this.options.timeoutMs} ms`));
      }, this.options.timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.ref();
      worker.postMessage({ id, data, modulePath: this.modulePath, workerPath: this.workerPath }, [data.buffer]);
    });
  }

  private spawn(): Worker {
    return new Worker(PDF_TEXT_THREAD, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb },
    });
  }

  private takeIdle(): Worker | undefined {
    const entry = this.idle.pop();
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    return entry.worker;
  }

  private putIdle(worker: Worker): void {
    // An idle thread must not keep the process alive.
    worker.unref();
    if (this.closed) {
      void worker.terminate();
      return;
    }
    const timer = setTimeout(() => {
      const index = this.idle.findIndex((entry) => entry.worker === worker);
      if (index >= 0) this.idle.splice(index, 1);
      void worker.terminate();
    }, this.options.idleMs ?? 30_000);
    timer.unref();
    this.idle.push({ worker, timer });
  }

  private async acquire(): Promise<void> {
    if (this.busy < this.options.maxThreads) {
      this.busy++;
      return;
    }
    // release() hands its slot over directly: `busy` stays counted for the waiter.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.busy--;
  }
}
