import { readFile, readdir } from 'node:fs/promises';

/** Milliseconds of CPU (user + system) the process `pid` has used so far, from /proc; NaN once it is gone. */
export async function processCpuMs(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return NaN; // The process has exited: its CPU is not counted.
  }
}

/** The pid of `program` run with the argument `argument` (a server this benchmark started), if any. */
export async function findPid(program: string, argument: string): Promise<number | undefined> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const argv = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (argv[0].split('/').pop() === program && argv.includes(argument)) return Number(entry);
  }
  return undefined;
}

/** Linux's USER_HZ, the unit of /proc/<pid>/stat's times: 100 on every architecture Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;
