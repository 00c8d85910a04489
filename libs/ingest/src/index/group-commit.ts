import type { UpcomingWrites } from './upcoming-writes';

interface Waiting<T> {
  items: readonly T[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * How long a request waits for announced items at most: about what parsing a document of a few pages costs here
 * (a PDF 12–70 ms, a Word file 25–40 ms), far under what a request costs Chroma.
 */
const DEFAULT_MAX_HOLD_MS = 80;

/** Requests whose group sizes say how many callers tend to come together. */
const RECENT_GROUPS = 4;

/**
 * Group commit of writes to a store whose every request costs more than one caller's items (Chroma applies writes
 * one at a time, ~1 ms a chunk plus ~10 ms a request measured alone; beside the worker, 600 files cost it 14–17 s
 * of CPU in 202 requests and 11 s in 63: docs/benchmarks.md): the items callers add while a request is in flight
 * go together in the next one, up to `maxItems` per request. Each caller's promise settles when the request holding
 * its items has: resolved once they are written, rejected with the request's error.
 *
 * A lone caller's items leave at once. With `upcoming`, callers can say ahead that items are on their way (a file
 * being parsed and embedded): a request then waits for them, at most `maxHoldMs`, while it has room. Without it,
 * three files ingested at once shared a request only 1.5 at a time (one finishing its request while the next two
 * queue); with it, the three go together, and each request's fixed cost is paid half as often.
 */
export class GroupCommit<T> {
  private readonly waiting: Waiting<T>[] = [];
  private writing = false;
  /** How many callers each of the last RECENT_GROUPS requests carried. */
  private readonly recentGroupSizes: number[] = [];
  /** Ends the current hold early: a caller arrived. */
  private wakeOnAdd: (() => void) | null = null;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly maxItems: number,
    private readonly upcoming?: UpcomingWrites,
    private readonly maxHoldMs = DEFAULT_MAX_HOLD_MS,
  ) {}

  /** Resolves once `items` are written (with whatever else was waiting). */
  add(items: readonly T[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ items, resolve, reject });
      // The loop settles every caller itself and never rejects: it is handed off, not awaited.
      if (!this.writing) void this.drain();
      else this.wakeOnAdd?.();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        // Awaited only when there is something to wait for: a lone caller's request leaves in the same tick.
        if (this.shouldHold()) await this.holdForUpcoming();
        const group = this.takeGroup();
        this.recentGroupSizes.push(group.length);
        if (this.recentGroupSizes.length > RECENT_GROUPS) this.recentGroupSizes.shift();
        try {
          const items = group.flatMap((entry) => entry.items);
          // One caller's items beyond the limit go in several requests (in order), still settled together.
          for (let start = 0; start < items.length; start += this.maxItems) {
            await this.write(items.slice(start, start + this.maxItems));
          }
          for (const entry of group) entry.resolve();
        } catch (error) {
          for (const entry of group) entry.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** Waits, at most maxHoldMs, while announced callers are still on their way and the next request has room. */
  private async holdForUpcoming(): Promise<void> {
    const upcoming = this.upcoming;
    if (!upcoming) return;
    const deadline = Date.now() + this.maxHoldMs;
    while (this.shouldHold()) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          unsubscribe();
          this.wakeOnAdd = null;
          resolve();
        };
        const timer = setTimeout(done, left);
        const unsubscribe = upcoming.onArrival(done);
        this.wakeOnAdd = done;
      });
    }
  }

  /**
   * Holding is worth it while the next request has room and a caller is known to be on its way (announced), or
   * fewer callers wait than the largest of the last requests carried: callers that came together tend to come back
   * together (the next files of a batch start as the previous ones end), and a lone caller is never held for a
   * crowd. The largest of several, not the previous one alone: one straggler that missed its group would otherwise
   * lower the next hold, the next group would leave without its straggler in turn, and the groups would shrink to
   * single callers (under load, 3 files at once shared a request only 2.3 at a time).
   */
  private shouldHold(): boolean {
    if (!this.upcoming || this.waitingItems() >= this.maxItems) return false;
    return this.upcoming.count > 0 || this.waiting.length < Math.max(0, ...this.recentGroupSizes);
  }

  private waitingItems(): number {
    return this.waiting.reduce((sum, entry) => sum + entry.items.length, 0);
  }

  /** The first waiting caller, and the next ones as long as the request stays within `maxItems`. */
  private takeGroup(): Waiting<T>[] {
    const group = [this.waiting.shift() as Waiting<T>];
    let size = group[0].items.length;
    while (this.waiting.length > 0 && size + this.waiting[0].items.length <= this.maxItems) {
      const next = this.waiting.shift() as Waiting<T>;
      size += next.items.length;
      group.push(next);
    }
    return group;
  }
}
