import { RunState } from '@relais/contracts';
import type { FlowRunEntity } from '@relais/persistence';
import { seedRunListItem, seedRunStatus } from './seed-run.view';

function run(overrides: Partial<FlowRunEntity>): FlowRunEntity {
  return {
    id: '8d7f5a4e-0000-4000-8000-000000000001',
    flowName: 'scrutart.process-artist',
    queue: 'scrutart',
    state: RunState.PENDING,
    parameters: { qid: 'Q296', languages: ['fr'], auto_publish: 'draft' },
    result: null,
    error: null,
    attempts: 0,
    maxAttempts: 3,
    progress: 0,
    progressMessage: null,
    deploymentName: null,
    parentRunId: null,
    idempotencyKey: null,
    jobId: '8d7f5a4e-0000-4000-8000-000000000001',
    triggeredBy: 'api',
    concurrencyGroup: null,
    workerId: null,
    createdAt: Date.UTC(2024, 7, 30, 12, 0, 0),
    updatedAt: Date.UTC(2024, 7, 30, 12, 0, 1),
    startedAt: null,
    endedAt: null,
    ...overrides,
  };
}

describe('seed run views', () => {
  it('counts the duration in seconds: 0 before the start, to now while running, to the end once ended', () => {
    const startedAt = Date.UTC(2024, 7, 30, 12, 0, 0);
    expect(seedRunStatus(run({})).duration).toBe(0);
    expect(seedRunStatus(run({ state: RunState.RUNNING, startedAt }), startedAt + 2500).duration).toBe(2.5);
    const ended = run({ state: RunState.COMPLETED, startedAt, endedAt: startedAt + 4000 });
    expect(seedRunStatus(ended, startedAt + 60_000)).toMatchObject({ state: 'completed', duration: 4 });
  });

  it('names single artists and batches as the seed did, and lists a batch with its QIDs', () => {
    expect(seedRunStatus(run({})).name).toBe('Artist Q296');
    const batch = run({
      flowName: 'scrutart.process-batch',
      state: RunState.RETRYING,
      parameters: { qids: ['Q296', 'Q5582'], batch_name: 'Impressionnistes', concurrency: 10 },
      result: { total: 2 },
    });
    expect(seedRunListItem(batch, true)).toMatchObject({
      name: 'Impressionnistes',
      type: 'batch',
      qids: ['Q296', 'Q5582'],
      status: 'retrying',
      result: { total: 2 },
      created_at: '2024-08-30T12:00:00.000Z',
    });
    expect(seedRunListItem(batch, false)).not.toHaveProperty('result');
  });
});
