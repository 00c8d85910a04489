import type { DeploymentFacts } from '../persistence/alert-source.reader';
import { matchesRunFilter } from './run-filter';

const deployments = new Map<string, DeploymentFacts>([
  ['health-hourly', { flowName: 'ops.health-check', tags: ['ops', 'monitoring'], paused: false }],
  ['artist-batch', { flowName: 'scrutart.process-batch', tags: ['scrutart'], paused: false }],
]);
const run = (flowName: string, deploymentName: string | null = null) => ({ flowName, deploymentName });

describe('matchesRunFilter', () => {
  it('lets every run through an empty filter', () => {
    expect(matchesRunFilter({}, run('any.flow'), deployments)).toBe(true);
    expect(matchesRunFilter({ flows: [], tags: [] }, run('any.flow'), deployments)).toBe(true);
  });

  it('filters by flow, by deployment and by any of the deployment tags, all lists together', () => {
    expect(matchesRunFilter({ flows: ['ops.health-check'] }, run('ops.health-check'), deployments)).toBe(true);
    expect(matchesRunFilter({ flows: ['ops.health-check'] }, run('scrutart.process-batch'), deployments)).toBe(false);
    expect(matchesRunFilter({ deployments: ['health-hourly'] }, run('ops.health-check'), deployments)).toBe(false);
    expect(
      matchesRunFilter({ deployments: ['health-hourly'] }, run('ops.health-check', 'health-hourly'), deployments),
    ).toBe(true);
    expect(matchesRunFilter({ tags: ['monitoring'] }, run('ops.health-check', 'health-hourly'), deployments)).toBe(
      true,
    );
    expect(matchesRunFilter({ tags: ['monitoring'] }, run('scrutart.process-batch', 'artist-batch'), deployments)).toBe(
      false,
    );
    expect(matchesRunFilter({ tags: ['ops'] }, run('ops.health-check'), deployments)).toBe(false);
    expect(
      matchesRunFilter(
        { flows: ['scrutart.process-batch'], tags: ['ops'] },
        run('ops.health-check', 'health-hourly'),
        deployments,
      ),
    ).toBe(false);
  });
});
