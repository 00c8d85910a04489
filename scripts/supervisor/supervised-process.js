'use strict';
/* global setTimeout, clearTimeout */
/*
 * One child of the supervisor (redis-server, the gateway, the scheduler, a worker): started, its output
 * prefixed, restarted with backoff when it dies on its own, stopped with SIGTERM then SIGKILL.
 */
const { spawn } = require('node:child_process');
const { createInterface } = require('node:readline');
const { RestartPolicy, DEFAULT_RESTART_POLICY } = require('./restart-policy');

class SupervisedProcess {
  /**
   * @param {object} options
   * @param {string} options.name the log prefix
   * @param {string} options.command
   * @param {string[]} options.args
   * @param {string} options.cwd
   * @param {NodeJS.ProcessEnv} options.env
   * @param {import('./log-prefixer').LogPrefixer} options.logs
   * @param {(reason: string) => void} options.onGiveUp called when it keeps dying
   */
  constructor(options) {
    this.name = options.name;
    this.options = options;
    this.logs = options.logs;
    this.child = null;
    this.restarts = new RestartPolicy();
    this.stopping = false;
    this.restartTimer = null;
    this.lineWatchers = new Set();
    this.exitWaiters = new Set();
  }

  isRunning() {
    return this.child !== null;
  }

  start() {
    const { command, args, cwd, env } = this.options;
    this.startedAt = Date.now();
    // Its own process group: the terminal's Ctrl-C reaches only the supervisor, which then stops the children
    // in order (apps first, Redis last). A Ctrl-C reaching the apps directly would also stop Redis before the
    // apps have flushed their last writes into it.
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.forward(child.stdout, process.stdout);
    this.forward(child.stderr, process.stderr);
    let ended = false;
    const onEnd = (description) => {
      if (ended) return;
      ended = true;
      this.child = null;
      for (const resolve of this.exitWaiters) resolve();
      this.exitWaiters.clear();
      if (!this.stopping) this.scheduleRestart(description);
    };
    child.on('error', (error) => {
      this.logs.warn(`${this.name}: could not run ${command}: ${error.message}`);
      onEnd('could not be started');
    });
    child.on('exit', (code, signal) => onEnd(signal ? `was killed by ${signal}` : `exited with code ${code}`));
    if (child.pid) this.logs.say(`${this.name} started (pid ${child.pid})`);
  }

  /** Resolves true when the process prints a line matching `pattern`, false after `timeoutMs`. */
  waitForLine(pattern, timeoutMs) {
    return new Promise((resolve) => {
      const watcher = (line) => {
        if (!pattern.test(line)) return;
        this.lineWatchers.delete(watcher);
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.lineWatchers.delete(watcher);
        resolve(false);
      }, timeoutMs);
      this.lineWatchers.add(watcher);
    });
  }

  /**
   * Stops the process for good: SIGTERM, then SIGKILL to its whole group after `graceMs`. Resolves with
   * 'stopped' or 'killed' once it has exited ('stopped' too when it was not running).
   */
  async stop(graceMs) {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    if (!this.child) return 'stopped';
    const exited = this.exited();
    this.signal('SIGTERM', false);
    let timer;
    const graceOver = new Promise((resolve) => (timer = setTimeout(() => resolve('grace over'), graceMs)));
    const outcome = await Promise.race([exited.then(() => 'stopped'), graceOver]);
    clearTimeout(timer);
    if (outcome === 'stopped') return 'stopped';
    this.logs.warn(`${this.name} did not stop within ${Math.round(graceMs / 1000)} s: killing it`);
    this.signal('SIGKILL', true);
    await exited;
    return 'killed';
  }

  /** Last resort when the supervisor itself is going away: SIGKILL, no waiting. */
  killNow() {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    if (this.child) this.signal('SIGKILL', true);
  }

  exited() {
    if (!this.child) return Promise.resolve();
    return new Promise((resolve) => this.exitWaiters.add(resolve));
  }

  signal(signal, wholeGroup) {
    const pid = this.child?.pid;
    if (!pid) return;
    try {
      process.kill(wholeGroup ? -pid : pid, signal);
    } catch (error) {
      // ESRCH: it exited between the check and the signal, which is what we wanted.
      if (error.code !== 'ESRCH') throw error;
    }
  }

  forward(readable, stream) {
    const lines = createInterface({ input: readable, crlfDelay: Infinity });
    lines.on('line', (line) => {
      this.logs.write(this.name, stream, line);
      for (const watcher of [...this.lineWatchers]) watcher(line);
    });
  }

  scheduleRestart(description) {
    const ranMs = Date.now() - this.startedAt;
    const decision = this.restarts.onFailure(Date.now());
    const ran = `after ${(ranMs / 1000).toFixed(1)} s`;
    const windowMin = DEFAULT_RESTART_POLICY.windowMs / 60_000;
    if (!decision.restart) {
      this.options.onGiveUp(
        `${this.name} ${description} ${ran}, failing ${decision.recent} times in ${windowMin} minutes`,
      );
      return;
    }
    this.logs.warn(
      `${this.name} ${description} ${ran}: restarting it in ${decision.delayMs / 1000} s ` +
        `(failure ${decision.recent} of ${DEFAULT_RESTART_POLICY.budget} allowed in ${windowMin} minutes)`,
    );
    this.restartTimer = setTimeout(() => {
      if (!this.stopping) this.start();
    }, decision.delayMs);
  }
}

module.exports = { SupervisedProcess };
