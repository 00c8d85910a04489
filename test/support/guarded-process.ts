import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

/**
 * Runs `"$@"` (if any) and, once Jest closes our stdin, stops it with signal $2 and removes directory $1.
 * Jest's end of the pipe closes when Jest ends it on purpose and also when Jest dies, even by SIGKILL, so a
 * throw-away server never outlives the test run and never leaves its files behind.
 */
const GUARD_SCRIPT = `
set -u
directory=$1 signal=$2
shift 2
exec 3<&0
if [ $# -gt 0 ]; then
  "$@" </dev/null 3<&- 1>&2 &
  server=$!
fi
# Ctrl-C or a TERM sent to the whole process group must not stop the guard before it has cleaned up: only the
# end of its stdin does.
trap '' INT TERM HUP
if [ $# -eq 0 ]; then
  while read -r -u 3 _; do :; done
  rm -rf -- "$directory"
  exit 0
fi
( while read -r -u 3 _; do :; done; kill -s "$signal" "$server" 2>/dev/null ) &
watcher=$!
exec 3<&-
wait "$server"
status=$?
kill -KILL "$watcher" 2>/dev/null
rm -rf -- "$directory"
exit "$status"
`;

const OUTPUT_LIMIT = 64 * 1024;

/** A child process that is stopped, and whose directory is removed, when Jest is done with it or dies. */
export class GuardedProcess {
  /** Resolves with the exit code (or the signal's name) once the process has exited and its directory is gone. */
  readonly exited: Promise<number | string>;
  private readonly child: ChildProcess;
  private captured = '';
  private running = true;

  private constructor(
    readonly name: string,
    directory: string,
    stopSignal: 'TERM' | 'KILL',
    command: string[],
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.child = spawn('bash', ['-c', GUARD_SCRIPT, 'test-guard', directory, stopSignal, ...command], {
      stdio: ['pipe', 'ignore', 'pipe'],
      detached: false,
      env,
    });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.captured = (this.captured + chunk).slice(-OUTPUT_LIMIT);
    });
    this.exited = new Promise((resolve) => {
      this.child.on('error', (error) => {
        this.running = false;
        this.captured += `\ncould not run ${command[0] ?? 'the guard'}: ${error.message}`;
        resolve('spawn-error');
      });
      this.child.on('exit', (code, signal) => {
        this.running = false;
        resolve(code ?? signal ?? 'unknown');
      });
    });
    // Errors here mean the guard is already gone; `exited` reports that.
    this.child.stdin?.on('error', () => undefined);
    // Never keep Jest alive: if teardown does not run, Jest's exit closes the pipe and the guard cleans up.
    this.child.unref();
    (this.child.stdin as Socket | null)?.unref();
    (this.child.stderr as Socket | null)?.unref();
  }

  /** Starts `command` (with `args`); `stopSignal` is what stops it at the end (KILL for servers whose data is thrown away). */
  static start(options: {
    name: string;
    command: string;
    args: string[];
    directory: string;
    stopSignal: 'TERM' | 'KILL';
    env?: NodeJS.ProcessEnv;
  }): GuardedProcess {
    return new GuardedProcess(
      options.name,
      options.directory,
      options.stopSignal,
      [options.command, ...options.args],
      options.env,
    );
  }

  /** Removes `directory` when Jest is done, or when Jest dies. */
  static janitor(directory: string): GuardedProcess {
    return new GuardedProcess('janitor', directory, 'TERM', []);
  }

  isRunning(): boolean {
    return this.running;
  }

  /** What the process printed so far (its last 64 KB), for error messages. */
  output(): string {
    return this.captured;
  }

  /** Stops the process, removes its directory, and waits for both. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.ref();
    this.child.stdin?.end();
    await this.exited;
  }
}
