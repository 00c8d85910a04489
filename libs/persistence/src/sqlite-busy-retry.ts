/** SQLite's "database is locked" codes (the extended ones too: SQLITE_BUSY_RECOVERY, SQLITE_BUSY_SNAPSHOT...). */
function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** The pause before attempt `attempt + 1` when none is given: a quarter of a second more each time. */
const growingPause = (attempt: number): number => 250 * attempt;

/**
 * Runs `work` again while it fails with an error `retryable` accepts, up to `attempts` times with a growing pause;
 * any other error, or the last one, is thrown.
 */
export async function retrying<T>(
  work: () => Promise<T>,
  retryable: (error: unknown) => boolean,
  attempts = 8,
  pauseMs = growingPause,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!retryable(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs(attempt)));
    }
  }
}

/**
 * Runs `open` again while SQLite answers "database is locked". Opening the shared file sets WAL mode, and SQLite can
 * refuse that without waiting out busy_timeout while another process recovers or checkpoints the log (CI saw a
 * scheduler, started beside workers after a crash, exit on it). Any other error is thrown at once.
 */
export function retryWhileSqliteBusy<T>(open: () => Promise<T>, attempts = 8, pauseMs = growingPause): Promise<T> {
  return retrying(open, isSqliteBusy, attempts, pauseMs);
}
