interface Waiting<T> {
  items: readonly T[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit of writes to a store whose every request costs far more than its items (Chroma: about 80 ms per
 * write request, writes applied one at a time, then under a millisecond per chunk): the items callers add while a
 * request is in flight go together in the next one, up to `maxItems` per request. Each caller's promise settles
 * when the request holding its items has: resolved once they are written, rejected with the request's error.
 * Nothing waits for a timer: a lone caller's items leave at once.
 */
export class GroupCommit<T> {
  private readonly waiting: Waiting<T>[] = [];
  private writing = false;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly maxItems: number,
  ) {}

  /** Resolves once `items` are written (with whatever else was waiting). */
  add(items: readonly T[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ items, resolve, reject });
      // The loop settles every caller itself and never rejects: it is handed off, not awaited.
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.takeGroup();
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
