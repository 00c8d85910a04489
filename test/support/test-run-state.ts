import type { GuardedProcess } from './guarded-process';

/** What globalSetup started, for globalTeardown (both run in Jest's main process, which shares globalThis). */
export interface TestRunState {
  /** Stopped last-first: servers, then the janitor that removes the run's temporary directory. */
  processes: GuardedProcess[];
  /** Environment variables globalSetup set, unset again at teardown (watch mode runs setup again). */
  envSet: string[];
}

const STATE = Symbol.for('relais.test-run-state');

/** The current run's state, or undefined outside a run. */
export function testRunState(): TestRunState | undefined {
  return (globalThis as { [STATE]?: TestRunState })[STATE];
}

export function setTestRunState(state: TestRunState | undefined): void {
  (globalThis as { [STATE]?: TestRunState })[STATE] = state;
}

/** Stops every process of the run, newest first, and forgets the environment it set. */
export async function stopTestRun(state: TestRunState): Promise<void> {
  for (const process of [...state.processes].reverse()) await process.stop();
  state.processes = [];
  for (const name of state.envSet) Reflect.deleteProperty(globalThis.process.env, name);
  state.envSet = [];
}
