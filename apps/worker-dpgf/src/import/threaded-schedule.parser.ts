import { stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import {
  parsePriceSchedule,
  type ScheduleOrigin,
  type ScheduleSink,
} from '@relais/domains/dpgf/schedule/price-schedule.parser';
import type { ParsedLot, ParsedSchedule } from '@relais/domains/dpgf/schedule/price-schedule.types';
import { decodeElementBatch } from './element-batch.codec';
import { ReusableThreads } from '@relais/integrations/threads/reusable-threads';
import { labelOf } from './heading-labels';
import type { LotState, ParseMessage, ParseRequest } from './schedule-parse.protocol';
import { THREAD_LOADER, threadModule, type ThreadModule } from './thread-module';

export interface ThreadedScheduleParserOptions {
  /**
   * Messages of batches the thread may parse ahead of the sink (default 2): with `elementsPerMessage` and the batch
   * size, what bounds the memory between them.
   */
  batchesAhead?: number;
  /** Batches travel together until they hold this many elements (default 1 000; see ParseRequest). */
  elementsPerMessage?: number;
  /** Threads at most (default 1: the machine's other core, the importing thread keeping its own); more parses wait. */
  maxThreads?: number;
  /** V8 heap ceiling of each thread (default 256 MB, the DPGF worker's own): crossing it fails the parse, not the process. */
  maxHeapMb?: number;
  /** A thread idle this long is ended (default 30 s). */
  idleMs?: number;
  /** The thread's module (default schedule-parse.thread): a test swaps in one that fails. */
  threadEntry?: string;
  /**
   * Files larger than this are parsed on the calling thread (default 16 MB). A large workbook's shared strings
   * (~150 MB for a 50 MB one) held beside a second V8 heap took its import from ~400 to ~480–550 MB of RSS.
   */
  inThreadUpToBytes?: number;
}

/** See ThreadedScheduleParserOptions.elementsPerMessage. */
export const ELEMENTS_PER_MESSAGE = 1000;

/** See ThreadedScheduleParserOptions.inThreadUpToBytes. */
export const IN_THREAD_UP_TO_BYTES = 16 * 1024 * 1024;

/** The parsing thread failed (crashed, ran out of memory, or exited) while it read a workbook. */
export class ParsingThreadFailure extends Error {
  override readonly name = 'ParsingThreadFailure';
}

/**
 * Parses price schedules in worker threads, as parsePriceSchedule does, handing the elements to the sink on this
 * thread: a workbook's next rows are parsed while the sink inserts the last batch (parsing is most of an
 * import's CPU on SQLite). The sink is called in the same order, with the same values, as without a thread, one
 * call at a time; the thread stays at most `batchesAhead` batches ahead of it. A workbook the parser refuses
 * fails with the parser's error name and message; a thread that dies fails its workbook with ParsingThreadFailure
 * and is replaced for the next. Threads are reused (loading the parser is most of a small file's time). A file
 * over `inThreadUpToBytes` is parsed on the calling thread, for memory's sake.
 */
export class ThreadedScheduleParser {
  private nextId = 1;
  private readonly threads: ReusableThreads;
  private module: Promise<ThreadModule> | null = null;
  /** Batches received and not yet handed to their sink, across parses: what the back-pressure bounds. */
  private queued = 0;
  /** The last size read (settled either way): each parse reads its file's size after the one before (see parse). */
  private sizesRead: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ThreadedScheduleParserOptions = {}) {
    this.threads = new ReusableThreads({
      maxThreads: options.maxThreads ?? 1,
      // The next workbook waits in the thread rather than here: the thread starts it the moment it has sent the
      // last one's last batch (handed over from here, it waited ~1 ms a file for this thread's event loop).
      tasksPerThread: 2,
      idleMs: options.idleMs,
      spawn: () => this.spawn(),
    });
  }

  /** Batches received from the threads and not yet handed to their sink. */
  get queuedBatches(): number {
    return this.queued;
  }

  /** parsePriceSchedule(path, origin, sink) in a thread; `headings` are the unnumbered lines read as headings. */
  async parse(
    path: string,
    origin: ScheduleOrigin,
    sink: ScheduleSink,
    headings: readonly string[] | null = null,
  ): Promise<ParsedSchedule> {
    if (this.threads.isClosed) throw new Error('ThreadedScheduleParser is closed');
    // Files take the threads in the order they were given: two sizes read at once may come back in either order,
    // and the later file then took the thread first (a folder's files were parsed out of their order, and the
    // earlier one waited a whole parse for nothing). A stat is microseconds; reading them one after another costs
    // nothing measurable, and the thread is asked for (in order, synchronously) right after this one's size.
    const size = this.sizesRead.then(() => stat(path)).then((stats) => stats.size);
    this.sizesRead = size.catch(() => undefined);
    if ((await size) > (this.options.inThreadUpToBytes ?? IN_THREAD_UP_TO_BYTES)) {
      const labels = headings && new Set(headings);
      return parsePriceSchedule(path, origin, sink, labels ? { labelOf: (text) => labelOf(labels, text) } : undefined);
    }
    // The thread is given back as soon as it has sent the file's last message, while this thread may still be
    // writing what it sent: the next file's parse then overlaps the end of this one's writes. (Held until the
    // writes ended, the thread idled through each file's last insert and the importing thread through each next
    // file's first batch: 4 imports at once ran at 0.38–0.42 of the bulk insert on SQLite.) A thread that failed is
    // ended; one whose sink failed mid-parse is told to stop that workbook (see run).
    let applied: Promise<ParsedSchedule> | undefined;
    const parsing = this.threads.use(async (worker) => {
      const parse = this.run(
        worker,
        {
          type: 'parse',
          id: this.nextId++,
          path,
          origin,
          batchSize: sink.batchSize,
          headings: headings && [...headings],
          batchesAhead: Math.max(1, this.options.batchesAhead ?? 2),
          elementsPerMessage: Math.max(1, this.options.elementsPerMessage ?? ELEMENTS_PER_MESSAGE),
        },
        sink,
      );
      applied = parse.applied;
      await parse.sent;
    });
    // When the parse failed, `applied` rejects with its error once what was handed to the sink has ended.
    await parsing.catch((error: unknown) => {
      if (!applied) throw error;
    });
    return applied as Promise<ParsedSchedule>;
  }

  /** Ends the idle threads; parses under way finish first. */
  close(): Promise<void> {
    return this.threads.close();
  }

  /**
   * Parses in `worker`: `sent` settles once the thread has sent its last message for this file (resolved: the
   * thread is free; rejected: the thread or the sink failed before, and the thread is not to be trusted), `applied`
   * once the sink has been handed everything (rejected with the first failure).
   */
  private run(
    worker: Worker,
    request: ParseRequest,
    sink: ScheduleSink,
  ): { sent: Promise<void>; applied: Promise<ParsedSchedule> } {
    const { id } = request;
    const schedule: ParsedSchedule = {
      type: request.origin.type,
      client: '',
      project: '',
      date: null,
      lots: [],
      skipped: { hidden: 0, subtotals: 0, notes: 0 },
      sheetsWithoutHeader: [],
    };
    const lots = new Map<number, ParsedLot>();
    const lotOf = (state: LotState): ParsedLot => {
      let lot = lots.get(state.key);
      if (!lot) {
        lot = { sheet: state.sheet, number: state.number, name: state.name, sections: [] };
        lots.set(state.key, lot);
      }
      lot.sections.push(...state.newSections);
      return lot;
    };
    let sentSettled = false;
    let settleSent!: (error?: Error) => void;
    const sent = new Promise<void>((resolve, reject) => {
      settleSent = (error) => {
        if (sentSettled) return;
        sentSettled = true;
        if (error) reject(error);
        else resolve();
      };
    });
    const applied = new Promise<ParsedSchedule>((resolve, reject) => {
      // The sink's calls, one after another in the order the thread sent them; the state they see (facts, a
      // lot's sections) is applied just before each call, as the parser would have it at that point.
      let chain = Promise.resolve();
      let stopped = false;
      /** Batches received and not yet handed to the sink. */
      let received = 0;
      const step = (action: () => Promise<void> | void): void => {
        chain = chain.then(async () => {
          if (!stopped) await action();
        });
        chain.catch((error: unknown) => fail(error, 'working'));
      };
      /** The thread has nothing more to send for this file: its events no longer concern this parse. */
      const detach = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      /** The thread has sent its last message for this file (`done` or `failed`): it is free for the next. */
      const threadDone = (): void => {
        detach();
        settleSent();
      };
      /**
       * The parse failed: the thread, the parser or the sink. What was already handed to the sink ends before the
       * import's transaction is told (it then rolls back). A thread that failed is ended (`sent` rejects); one whose
       * sink failed is told to stop (it may be waiting for a write, or not have started yet) and is free once it
       * answers, its other workbooks untouched.
       */
      const fail = (error: unknown, thread: 'failed' | 'done' | 'working'): void => {
        if (stopped) return;
        stopped = true;
        this.queued -= received;
        received = 0;
        const failure = error instanceof Error ? error : new Error(String(error));
        if (thread === 'failed') {
          detach();
          settleSent(failure);
        } else if (thread === 'done') threadDone();
        else if (!sentSettled) worker.postMessage({ type: 'cancel', id });
        void chain.catch(() => undefined).then(() => reject(failure));
      };
      const onMessage = (message: ParseMessage): void => {
        if (message.id !== id) return;
        if (stopped) {
          // Given up on (the sink failed): only the thread's last message for this file still matters.
          if (message.type === 'done' || message.type === 'failed') threadDone();
          return;
        }
        switch (message.type) {
          case 'batches': {
            const parts = message.parts.length;
            received += parts;
            this.queued += parts;
            const elements = decodeElementBatch(message.elements);
            let offset = 0;
            message.parts.forEach((part, index) => {
              const batch = elements.slice(offset, offset + part.count);
              offset += part.count;
              step(async () => {
                received -= 1;
                this.queued -= 1;
                Object.assign(schedule, part.facts);
                await sink.write(schedule, lotOf(part.lot), batch);
                // Once the thread is done with this file it no longer waits for acknowledgements.
                if (index === parts - 1 && !sentSettled) worker.postMessage({ type: 'written', id });
              });
            });
            break;
          }
          case 'end-lot':
            step(() => {
              const lot = lotOf(message.lot);
              Object.assign(schedule, message.schedule, { lots: message.lots.map(lotOf) });
              return sink.endLot(schedule, lot);
            });
            break;
          case 'done':
            threadDone();
            step(() => {
              Object.assign(schedule, message.schedule, { lots: message.lots.map(lotOf) });
              stopped = true;
              resolve(schedule);
            });
            break;
          case 'failed':
            fail(Object.assign(new Error(message.message), { name: message.name }), 'done');
            break;
        }
      };
      // A thread that fails fails every workbook it was given (the one it parses and the one queued behind it).
      const threadFailed = (failure: ParsingThreadFailure): void => {
        if (stopped) {
          detach();
          settleSent(failure);
        } else fail(failure, 'failed');
      };
      const onError = (error: Error & { code?: string }): void =>
        threadFailed(
          new ParsingThreadFailure(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? `${request.origin.relativePath}: parsing needs more than ${this.maxHeapMb} MB of heap`
              : `${request.origin.relativePath}: the parsing thread failed: ${error.message}`,
          ),
        );
      const onExit = (code: number): void =>
        threadFailed(
          new ParsingThreadFailure(`${request.origin.relativePath}: the parsing thread exited with code ${code}`),
        );
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.ref();
      worker.postMessage(request);
    });
    // A failure before the thread is done rejects both; `applied` is awaited by the caller, `sent` by the pool.
    applied.catch(() => undefined);
    return { sent, applied };
  }

  private get maxHeapMb(): number {
    return this.options.maxHeapMb ?? 256;
  }

  private async spawn(): Promise<Worker> {
    this.module ??= threadModule(this.options.threadEntry ?? require.resolve('./schedule-parse.thread'));
    return new Worker(THREAD_LOADER, {
      eval: true,
      workerData: await this.module,
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb },
    });
  }
}
