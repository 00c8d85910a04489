/** SQLite's "database is locked" codes (the extended ones too: SQLITE_BUSY_RECOVERY, SQLITE_BUSY_SNAPSHOT...). */
function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Runs `open` again while SQLite answers "database is locked", up to `attempts` times with a growing pause. Opening
 * the shared file sets WAL mode, and SQLite can refuse that without waiting out busy_timeout while another process
 * recovers or checkpoints the log (CI saw a scheduler, started beside workers after a crash, exit on it). Any other
 * error is thrown at once.
 */
export async function retryWhileSqliteBusy<T>(
  open: () => Promise<T>,
  attempts = 8,
  pauseMs = (attempt: number) => 250 * attempt,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await open();
    } catch (error) {
      if (!isSqliteBusy(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs(attempt)));
    }
  }
}
