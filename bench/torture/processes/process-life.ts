/**
 * What every torture process does besides its app: it says `ready` on stdout once it serves, and it exits when
 * the suite that started it is gone (its parent changed: the suite was killed), so that no process outlives a
 * run of the suite.
 */
export function followParent(): void {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(1);
  }, 500).unref();
}

export function sayReady(): void {
  process.stdout.write('ready\n');
}
