import { Logger } from '@nestjs/common';
import { testLogger } from '../capturing-test.logger';

// Run only by log-capturing.environment.spec.ts, in a Jest of its own (not a *.spec.ts: the suite skips it).
Logger.overrideLogger(testLogger);

describe('a suite whose apps log', () => {
  it('passes after an error it caused on purpose', () => {
    new Logger('Fixture').error('an error this passing test expected', 'Error: expected\n    at the stack of it');
  });

  it('fails after a warning', () => {
    new Logger('Fixture').warn('the warning that explains the failure');
    expect('the outcome').toBe('another outcome');
  });
});
