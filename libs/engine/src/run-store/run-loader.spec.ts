import type { FlowRunRepository, StepRunEntity, StepRunRepository } from '@relais/persistence';
import { RunLoader } from './run-loader';

function step(runId: string, key: string): StepRunEntity {
  return { runId, stepKey: key } as StepRunEntity;
}

describe('RunLoader', () => {
  it('answers the runs asked for in one turn with one lookup, each with its own steps in their order', async () => {
    const lookups: string[][] = [];
    const steps = {
      findCompletedByRuns: (ids: string[]) => {
        lookups.push(ids);
        return Promise.resolve([step('a', 's1'), step('b', 's1'), step('a', 's2'), step('a', 's3')]);
      },
    } as unknown as StepRunRepository;
    const loader = new RunLoader({} as FlowRunRepository, steps);

    const [a, b, again, none] = await Promise.all([
      loader.completedSteps('a'),
      loader.completedSteps('b'),
      loader.completedSteps('a'),
      loader.completedSteps('c'),
    ]);

    expect(lookups).toEqual([['a', 'b', 'c']]);
    expect(a.map((s) => s.stepKey)).toEqual(['s1', 's2', 's3']);
    expect(again).toBe(a);
    expect(b.map((s) => s.stepKey)).toEqual(['s1']);
    expect(none).toEqual([]);
  });
});
