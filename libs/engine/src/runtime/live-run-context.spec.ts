import type { Job } from 'bullmq';
import type { ArtifactEntity } from '@relais/persistence';
import type { FlowJobData } from '../launcher/flow-job';
import { SecretRedactor } from '../logging/secret-redactor';
import { LiveRunContext, type RunContextDeps } from './live-run-context';

describe('LiveRunContext.report', () => {
  it('stores reports with the configured secrets redacted, as log lines are', async () => {
    const stored: ArtifactEntity[] = [];
    const redactor = new SecretRedactor(['wp-app-password-123']);
    const deps = {
      artifacts: { insert: (row: ArtifactEntity) => Promise.resolve(void stored.push(row)) },
      buffer: { appendLog: () => undefined },
      events: { publish: () => undefined },
      echo: () => undefined,
      redact: (text: string) => redactor.redact(text),
    } as unknown as RunContextDeps;
    const ctx = new LiveRunContext(
      'run-1',
      'test.flow',
      {},
      1,
      null,
      new AbortController().signal,
      {} as Job<FlowJobData>,
      undefined,
      new Map(),
      deps,
    );
    await ctx.report('markdown', 'summary', 'Logged in to WordPress with wp-app-password-123');
    await ctx.report('json', 'details', { password: 'wp-app-password-123' });
    expect(stored.map((row) => row.content)).toEqual([
      'Logged in to WordPress with [REDACTED]',
      JSON.stringify({ password: '[REDACTED]' }, null, 2),
    ]);
  });
});
