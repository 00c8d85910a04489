import type { DeploymentSummary } from '@relais/contracts/api/api-types';
import { renderAllDeploymentsChange } from './deployment.views';

function deployment(name: string, paused: boolean, inCatalogue = true): DeploymentSummary {
  return {
    name,
    flowName: 'ops.health-check',
    description: '',
    parameters: {},
    schedule: { cron: '0 * * * *', timezone: 'UTC' },
    paused,
    tags: [],
    inCatalogue,
    lastRunId: null,
    lastRunAt: null,
    nextRunAt: null,
  };
}

describe('renderAllDeploymentsChange', () => {
  it('names what pause --all paused and what it left as it was', () => {
    const before = [deployment('hourly', false), deployment('batch', true), deployment('old', false, false)];
    const after = [deployment('hourly', true), deployment('batch', true), deployment('old', false, false)];
    expect(renderAllDeploymentsChange('pause', before, after)).toBe(
      [
        'Paused 1 deployment: hourly.',
        'Already paused, left as they are: batch.',
        '`relais deployment resume --all` resumes these.',
      ].join('\n'),
    );
  });

  it('names what resume --all resumed and what stays paused, with the way to resume it', () => {
    const before = [deployment('hourly', true), deployment('quarter', true), deployment('batch', true)];
    const after = [deployment('hourly', false), deployment('quarter', false), deployment('batch', true)];
    expect(renderAllDeploymentsChange('resume', before, after)).toBe(
      ['Resumed 2 deployments: hourly, quarter.', 'Still paused (not by pause --all; resume one by name): batch.'].join(
        '\n',
      ),
    );
  });

  it('says when there was nothing to do', () => {
    const paused = [deployment('batch', true)];
    expect(renderAllDeploymentsChange('resume', paused, paused)).toMatch(/^No deployment was paused by `pause --all`/);
    expect(renderAllDeploymentsChange('pause', paused, paused)).toMatch(/^No active deployment to pause\./);
  });
});
