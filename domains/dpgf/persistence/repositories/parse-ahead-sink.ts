import type { ScheduleSink } from '../../schedule/price-schedule.parser';
import type { ParsedLot, ParsedSchedule } from '../../schedule/price-schedule.types';
import type { SectionElement } from '../../schedule/sheet.parser';

/** A call the reader made before the import could write: replayed on the real sink, in order. */
type HeldCall = (sink: ScheduleSink) => Promise<void>;

/**
 * The sink a schedule is read into before its import may write. On SQLite imports take turns (one writer per
 * file, `serialisedOnSqlite`): the next file's import used to start parsing only once the previous one had
 * committed, so the parsing thread idled while this thread wrote and this thread idled while the next file was
 * parsed (100 files of 2 000 elements: ~1 s of parsing and ~0.5 s of inserts took 1.6–2 s). Its reader now starts
 * at once; what it hands on is held here, at most `maxHeldElements` elements (past that the reader waits: memory
 * stays bounded), then replayed on the import's writer once its transaction is open, after which calls go
 * straight through. The calls reach the writer in the order they were made, one at a time, as without this.
 */
export class ParseAheadSink implements ScheduleSink {
  private readonly held: HeldCall[] = [];
  private heldElements = 0;
  private target: ScheduleSink | null = null;
  private failure: Error | null = null;
  /** The reader, waiting for room while `maxHeldElements` are held. */
  private waitingForRoom: { resume: () => void; stop: (error: Error) => void } | null = null;

  constructor(
    readonly batchSize: number,
    private readonly maxHeldElements: number,
  ) {}

  write(schedule: ParsedSchedule, lot: ParsedLot, batch: SectionElement[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.target) return this.target.write(schedule, lot, batch);
    this.held.push((sink) => sink.write(schedule, lot, batch));
    this.heldElements += batch.length;
    return this.heldElements >= this.maxHeldElements ? this.roomForMore() : Promise.resolve();
  }

  endLot(schedule: ParsedSchedule, lot: ParsedLot): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.target) return this.target.endLot(schedule, lot);
    this.held.push((sink) => sink.endLot(schedule, lot));
    return Promise.resolve();
  }

  /** Replays what is held on `sink`, then lets every later call through to it. */
  async attach(sink: ScheduleSink): Promise<void> {
    this.throwIfFailed();
    // Calls the reader makes meanwhile are held behind the ones being replayed: the loop takes them too.
    for (let call = this.held.shift(); call !== undefined; call = this.held.shift()) {
      await call(sink);
      this.throwIfFailed(); // fail() may have come during the call
    }
    this.heldElements = 0;
    this.target = sink;
    const waiting = this.waitingForRoom;
    this.waitingForRoom = null;
    waiting?.resume();
  }

  /** The import failed: the reader's next call (or the one waiting for room) rejects with `error`, so it stops. */
  fail(error: unknown): void {
    if (this.failure) return;
    this.failure = error instanceof Error ? error : new Error(String(error));
    this.held.length = 0;
    const waiting = this.waitingForRoom;
    this.waitingForRoom = null;
    waiting?.stop(this.failure);
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  private roomForMore(): Promise<void> {
    return new Promise((resume, stop) => {
      this.waitingForRoom = { resume, stop };
    });
  }
}
