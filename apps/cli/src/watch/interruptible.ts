/**
 * Runs `work` with a signal that Ctrl-C aborts, instead of Node's default of dying mid-line with a progress bar
 * half drawn and the cursor hidden. `work` sees the signal, stops and reports.
 */
export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    return await work(controller.signal);
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}
