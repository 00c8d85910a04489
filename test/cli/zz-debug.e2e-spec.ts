import { DeploymentRepository } from '@relais/persistence';
import { useApiGateway } from '../gateway/api-test-gateway';
import { runCli } from './cli-process';

describe('debug', () => {
  const api = useApiGateway({ worker: true });
  beforeAll(async () => {
    await api.gateway.moduleRef.get(DeploymentRepository).syncCatalogue(
      [{ name: 'cli-nightly', flow: 'test.do-nothing', description: 'x', parameters: {}, schedule: { cron: '0 3 * * *', timezone: 'Europe/Paris' }, tags: [] }],
      'UTC',
    );
  });
  it('runs steps with step_ms', async () => {
    const r = await runCli(['run', 'test.run-steps', '-p', 'steps=3', '-p', 'step_ms=150', '--watch', '--interval', '100'], {
      env: { RELAIS_URL: api.gateway.url, RELAIS_TOKEN: api.gateway.adminToken },
    });
    expect(r.code).toBe(0);
  });
});
