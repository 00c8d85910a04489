import { randomUUID } from 'node:crypto';
import { StepState } from '@relais/contracts';
import { useMigratedDatabase } from '../../../../test/support/migrated-database';
import type { StepRunEntity } from '../entities';
import { StepRunRepository } from './step-run.repository';

function aStep(overrides: Partial<StepRunEntity> & Pick<StepRunEntity, 'runId' | 'stepKey'>): StepRunEntity {
  return {
    name: overrides.stepKey.replace(/#\d+$/, ''),
    state: StepState.RUNNING,
    result: null,
    error: null,
    attempt: 1,
    startedAt: 1_732_190_000_000,
    endedAt: null,
    durationMs: null,
    ...overrides,
  };
}

describe('StepRunRepository', () => {
  const db = useMigratedDatabase();
  let steps: StepRunRepository;
  beforeAll(() => {
    steps = new StepRunRepository(db.dataSource);
  });

  it("replaces a step's RUNNING row with its COMPLETED row", async () => {
    const runId = randomUUID();
    const running = aStep({ runId, stepKey: 'fetch-sources' });
    await steps.upsertMany([running]);
    expect(await steps.findByRun(runId)).toEqual([running]);

    const completed: StepRunEntity = {
      ...running,
      state: StepState.COMPLETED,
      result: { sources: ['wikidata', 'wikipedia'], count: 2 },
      endedAt: running.startedAt + 1_250,
      durationMs: 1_250,
    };
    await steps.upsertMany([completed]);

    expect(await steps.findByRun(runId)).toEqual([completed]);
  });

  it('a retried attempt replaces a FAILED row and clears its error and end', async () => {
    const runId = randomUUID();
    const failed = aStep({
      runId,
      stepKey: 'call-api',
      state: StepState.FAILED,
      error: 'HTTP 503',
      endedAt: 1_732_190_000_900,
      durationMs: 900,
    });
    await steps.upsertMany([failed]);

    const retry = aStep({ runId, stepKey: 'call-api', attempt: 2, startedAt: 1_732_190_005_000 });
    await steps.upsertMany([retry]);

    expect(await steps.findByRun(runId)).toEqual([retry]);
  });

  it("writes many steps at once, more than one chunk, and lists a run's steps in start order", async () => {
    const runId = randomUUID();
    const many = Array.from({ length: 450 }, (_, i) =>
      aStep({ runId, stepKey: i === 0 ? 'page' : `page#${i + 1}`, startedAt: 1_732_190_000_000 + (449 - i) }),
    );
    await steps.upsertMany(many);
    await steps.upsertMany([aStep({ runId: randomUUID(), stepKey: 'page' })]);

    const stored = await steps.findByRun(runId);
    expect(stored).toHaveLength(450);
    expect(stored.map((step) => step.startedAt)).toEqual([...many].map((step) => step.startedAt).sort((a, b) => a - b));
    expect(stored[0]).toEqual(many[449]);
  });

  it('reads the COMPLETED steps of several runs in one query, and only those', async () => {
    const [first, second, other] = [randomUUID(), randomUUID(), randomUUID()];
    const done = (runId: string, stepKey: string): StepRunEntity =>
      aStep({ runId, stepKey, state: StepState.COMPLETED, result: stepKey, endedAt: 1_732_190_001_000 });
    await steps.upsertMany([
      done(first, 'a'),
      aStep({ runId: first, stepKey: 'b' }),
      done(second, 'a'),
      done(other, 'a'),
    ]);
    const found = await steps.findCompletedByRuns([first, second]);
    expect(found.find((step) => step.runId === first)).toEqual(done(first, 'a'));
    expect(found.map((step) => `${step.runId === first ? 'first' : 'second'}:${step.stepKey}`).sort()).toEqual([
      'first:a',
      'second:a',
    ]);
    expect(await steps.findCompletedByRuns([])).toEqual([]);
  });
});
