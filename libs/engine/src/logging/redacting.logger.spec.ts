import { Logger } from '@nestjs/common';
import { RedactingLogger } from './redacting.logger';

describe('RedactingLogger', () => {
  let written: string[];
  let stdout: jest.SpiedFunction<typeof process.stdout.write>;
  let stderr: jest.SpiedFunction<typeof process.stderr.write>;

  beforeEach(() => {
    written = [];
    const capture = (chunk: string | Uint8Array): boolean => {
      written.push(String(chunk));
      return true;
    };
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  });

  afterEach(() => {
    stdout.mockRestore();
    stderr.mockRestore();
  });

  const secret = 'correct horse battery staple';

  it('scrubs messages, objects, contexts and stack traces', () => {
    const logger = new RedactingLogger([secret], ['log', 'error', 'warn', 'debug']);

    logger.log(`connecting with ${secret}`, 'WordPress');
    logger.warn({ password: secret, user: 'relais' }, 'Piwigo');
    logger.error('request failed', `Error: Bearer ${secret}\n    at call (client.ts:1:1)`, 'Http');

    // Colours depend on the terminal: compare the text without them.
    const output = written.join('').replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
    expect(output).not.toContain(secret);
    expect(output).not.toContain('correct horse');
    expect(output).toContain('connecting with [REDACTED]');
    expect(output).toContain("password: '[REDACTED]'");
    expect(output).toContain('Bearer [REDACTED]');
    expect(output).toContain('at call (client.ts:1:1)');
  });

  it('scrubs what Nest Logger instances print once it is the application logger', () => {
    const logger = new RedactingLogger([secret], ['log']);
    Logger.overrideLogger(logger);
    try {
      new Logger('Flow').log(`token relais_${'x'.repeat(43)} used`);
    } finally {
      Logger.overrideLogger(true);
    }
    expect(written.join('')).toContain('token [REDACTED] used');
  });

  it('logs an error without a stack trace, as flows and Nest do, without throwing', () => {
    const logger = new RedactingLogger([secret], ['error']);
    Logger.overrideLogger(logger);
    try {
      expect(() => new Logger('FlowExecutor').error(`Failed: ${secret}`)).not.toThrow();
      expect(() => logger.error('no stack')).not.toThrow();
    } finally {
      Logger.overrideLogger(true);
    }
    expect(written.join('')).toContain('Failed: [REDACTED]');
  });

  it('prints nothing below its levels', () => {
    new RedactingLogger([secret], ['error']).debug(`debug ${secret}`);
    expect(written).toEqual([]);
  });
});
