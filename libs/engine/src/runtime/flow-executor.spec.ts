import { DelayedError, type Job } from 'bullmq';
import { RunState } from '@relais/contracts';
import type { FlowRunEntity, StepRunEntity } from '@relais/persistence';
import type { RunLoader } from '../run-store/run-loader';
import type { FlowJobData } from '../launcher/flow-job';
import type { AttemptOutcomes } from './attempt-outcomes';
import type { ConcurrencySlots } from './concurrency-slots';
import { FlowExecutor } from './flow-executor';
import type { FlowHandlerRegistry } from './flow-handler.registry';
import type { RunAbortRegistry } from './run-abort-registry';
import type { RunLeases } from './run-leases';
import type { RunResources } from './run-resources';

/** What a delivery did, in order: lease taken or refused, reads, lease released, job delayed. */
function executorWith(options: { leaseHeldElsewhere: boolean; run: Partial<FlowRunEntity> }): {
  executor: FlowExecutor;
  job: Job<FlowJobData>;
  calls: string[];
} {
  const calls: string[] = [];
  const leases = {
    acquire: () => {
      calls.push(options.leaseHeldElsewhere ? 'lease refused' : 'lease taken');
      if (options.leaseHeldElsewhere) return Promise.resolve(null);
      return Promise.resolve({
        assertHeld: () => undefined,
        release: () => {
          calls.push('lease released');
          return Promise.resolve();
        },
      });
    },
  } as unknown as RunLeases;
  const loader = {
    load: () => {
      calls.push('run read');
      return Promise.resolve({ id: 'run-1', flowName: 'test.flow', ...options.run });
    },
    completedSteps: () => {
      calls.push('steps read');
      return Promise.resolve([] as StepRunEntity[]);
    },
  } as unknown as RunLoader;
  const handlers = { get: () => ({ contract: { name: 'test.flow' } }) } as unknown as FlowHandlerRegistry;
  const slots = { forGroup: () => Promise.resolve(null), forFlow: () => Promise.resolve(null) };
  const resources = {
    config: { worker: { lockDurationMs: 30_000 } },
    database: { noteFailure: () => false },
  } as unknown as RunResources;
  const executor = new FlowExecutor(
    handlers,
    resources,
    slots as unknown as ConcurrencySlots,
    {} as AttemptOutcomes,
    {} as RunAbortRegistry,
    loader,
    leases,
  );
  const job = {
    name: 'test.flow',
    data: { runId: 'run-1' },
    moveToDelayed: () => {
      calls.push('job delayed');
      return Promise.resolve();
    },
  } as unknown as Job<FlowJobData>;
  return { executor, job, calls };
}

describe('FlowExecutor', () => {
  it('reads the run and the steps it completed only once it holds the run lease', async () => {
    // A delivery taking over from one that just ended must see what that one recorded: read after the lease.
    const { executor, job, calls } = executorWith({
      leaseHeldElsewhere: false,
      run: { state: RunState.COMPLETED, result: 42 },
    });
    await expect(executor.execute(job, 'token')).resolves.toBe(42);
    expect(calls).toEqual(['lease taken', 'run read', 'steps read', 'lease released']);
  });

  it('reads nothing while another delivery holds the run lease, and delays the job', async () => {
    const { executor, job, calls } = executorWith({ leaseHeldElsewhere: true, run: { state: RunState.RUNNING } });
    await expect(executor.execute(job, 'token')).rejects.toBeInstanceOf(DelayedError);
    expect(calls).toEqual(['lease refused', 'job delayed']);
  });
});
