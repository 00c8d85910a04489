import type { RelaisConfig } from '@relais/config';
import type { FlowRunRepository, RunLogRepository, RunUpdate, StepRunRepository } from '@relais/persistence';
import { RunWriteBuffer } from './run-write-buffer';

describe('RunWriteBuffer', () => {
  const secret = 'correct horse battery staple';
  let applied: RunUpdate[];
  let buffer: RunWriteBuffer;

  beforeEach(() => {
    applied = [];
    const config = { secrets: [secret], writeBehindFlushMs: 1 } as RelaisConfig;
    const runs = {
      applyUpdates: (updates: RunUpdate[]) => {
        applied.push(...updates);
        return Promise.resolve();
      },
    } as unknown as FlowRunRepository;
    const steps = { upsertMany: () => Promise.resolve() } as unknown as StepRunRepository;
    const logs = { insertMany: () => Promise.resolve() } as unknown as RunLogRepository;
    buffer = new RunWriteBuffer(config, runs, steps, logs);
  });

  it('redacts errors and progress messages, and keeps what earlier updates of the run set', async () => {
    buffer.updateRun({ id: 'run-1', set: { progress: 40, progressMessage: `using ${secret}` }, onlyIfActive: true });
    buffer.updateRun({ id: 'run-1', set: { error: `failed with ${secret}` }, onlyIfActive: true });
    await buffer.flushed();

    expect(applied).toEqual([
      {
        id: 'run-1',
        set: { progress: 40, progressMessage: 'using [REDACTED]', error: 'failed with [REDACTED]' },
        onlyIfActive: true,
      },
    ]);
  });
});
