import { Worker } from 'node:worker_threads';
import { ReusableThreads } from '@relais/integrations/threads/reusable-threads';
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
  private nextId = 1;
  private readonly threads: ReusableThreads;
  private readonly modulePath = require.resolve('pdfjs-dist/legacy/build/pdf.mjs');
  private readonly workerPath = require.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs');

  constructor(private readonly options: PdfTextExtractorOptions) {
    this.threads = new ReusableThreads({
      maxThreads: options.maxThreads,
      idleMs: options.idleMs,
      spawn: () =>
        new Worker(PDF_TEXT_THREAD, { eval: true, resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb } }),
    });
  }

  /** How long an extraction may take. */
  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  /** The text of every page; throws PdfExtractionFailure when pdf.js cannot read the file. */
  async extract(bytes: Uint8Array): Promise<PdfText> {
    if (this.threads.isClosed) throw new Error('PdfTextExtractor is closed');
    // A thread that timed out, crashed or threw mid-protocol is not reused.
    return this.threads.use((worker) => this.run(worker, bytes));
  }

  /** Ends the idle threads; extractions still running finish first. */
  close(): Promise<void> {
    return this.threads.close();
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
}
