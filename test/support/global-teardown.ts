import { setTestRunState, stopTestRun, testRunState } from './test-run-state';

/** Stops the servers globalSetup started and removes the run's temporary directory. */
export default async function globalTeardown(): Promise<void> {
  const state = testRunState();
  if (!state) return;
  await stopTestRun(state);
  setTestRunState(undefined);
}
