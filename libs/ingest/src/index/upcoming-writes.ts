/**
 * How many callers have said they are about to hand a group commit their items (a file being parsed and
 * embedded) and have not yet: the group commit holds its next request for them, a little, so the files ingested
 * at once share a request instead of leaving one by one (see GroupCommit).
 */
export class UpcomingWrites {
  private pending = 0;
  private readonly listeners = new Set<() => void>();

  get count(): number {
    return this.pending;
  }

  /** Counts one more caller on its way; call the returned function when its items are added or abandoned (once is enough). */
  announce(): () => void {
    this.pending++;
    let settled = false;
    return () => {
      if (settled) return;
      settled = true;
      this.pending--;
      for (const listener of [...this.listeners]) listener();
    };
  }

  /** Calls `listener` each time an announced caller arrives or gives up; returns the unsubscribe function. */
  onArrival(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
