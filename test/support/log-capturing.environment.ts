import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';
import { protectProperties } from 'jest-util';
import { capturedLogsOf, type CapturedLogs } from './captured-logs';

/**
 * Jest's Node environment, plus: the log lines a test's apps produced (captured by CapturingTestLogger) are
 * printed when that test, or a hook, fails, and dropped when it passes. A passing run prints what a reader needs,
 * and a failing test still shows what its apps said. Lines logged between two tests (hooks, shutdown) go with
 * the next test to end.
 */
export default class LogCapturingEnvironment extends TestEnvironment {
  constructor(...args: ConstructorParameters<typeof TestEnvironment>) {
    super(...args);
    // Created before the test file runs, and protected: Jest clears what a file left on its globals once it ends,
    // and its apps may still log while they shut down.
    protectProperties(capturedLogsOf(this.global));
  }

  handleTestEvent(event: Circus.Event): void {
    if (event.name === 'test_done') {
      if (event.test.errors.length > 0) this.print(`test "${fullNameOf(event.test)}" failed`);
      this.clear();
    } else if (event.name === 'hook_failure') {
      this.print(`${event.hook.type} hook failed`);
      this.clear();
    }
  }

  private logs(): CapturedLogs {
    return capturedLogsOf(this.global);
  }

  private print(why: string): void {
    const { lines, dropped } = this.logs();
    if (lines.length === 0) return;
    const header = `── What the apps logged before the ${why}${dropped ? ` (the first ${dropped} lines dropped)` : ''}`;
    process.stderr.write(`\n${header}\n${lines.join('\n')}\n── end of the logs\n`);
  }

  private clear(): void {
    const logs = this.logs();
    logs.lines.length = 0;
    logs.dropped = 0;
  }
}

function fullNameOf(test: Circus.TestEntry): string {
  const names: string[] = [test.name];
  for (let block = test.parent; block.parent; block = block.parent) names.unshift(block.name);
  return names.join(' › ');
}
