import type { ArtifactEntity } from '@relais/persistence';
import { SecretRedactor } from '../logging/secret-redactor';
import { LiveRunContext } from './live-run-context';
import type { RunAttempt } from './run-attempt';
import type { RunResources } from './run-resources';

describe('LiveRunContext.report', () => {
  it('stores reports with the configured secrets redacted, as log lines are', async () => {
    const stored: ArtifactEntity[] = [];
    const resources = {
      redactor: new SecretRedactor(['wp-app-password-123']),
      artifacts: { insert: (row: ArtifactEntity) => Promise.resolve(void stored.push(row)) },
      buffer: { appendLog: () => undefined },
      database: { whileUp: <T>(call: () => Promise<T>): Promise<T> => call() },
      events: { publish: () => undefined },
      echo: () => undefined,
    } as unknown as RunResources;
    const attempt = {
      run: { id: 'run-1', flowName: 'test.flow', deploymentName: null },
      params: {},
      number: 1,
      maxAttempts: 1,
      signal: new AbortController().signal,
      completedSteps: new Map(),
      lease: null,
      token: undefined,
    } as unknown as RunAttempt;
    const ctx = new LiveRunContext(attempt, resources);
    await ctx.report('markdown', 'summary', 'Logged in to WordPress with wp-app-password-123');
    await ctx.report('json', 'details', { password: 'wp-app-password-123' });
    expect(stored.map((row) => row.content)).toEqual([
      'Logged in to WordPress with [REDACTED]',
      JSON.stringify({ password: '[REDACTED]' }, null, 2),
    ]);
  });
});
