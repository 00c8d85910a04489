import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { RunState, type DeploymentSummary, type FlowSummary, type RunSummary } from '@relais/contracts';
import { DeploymentService } from '@relais/engine';
import { domainDataSourceToken } from '@relais/persistence';
import { startWorker } from '../engine/engine-harness';
import { waitForApiRunState } from '../gateway/api-test-gateway';
import { callApi, startGateway, type RunningGateway } from '../gateway/gateway-harness';
import { testDatabase, type TestDatabase } from '../support/test-env';
import { DOMAINS_WITH_GREETINGS, GreetingsWorkerModule } from './greetings/say-hello.flow';

/**
 * docs/adding-a-domain.md's promise: a domain declared in one place (test/domains/greetings/greetings.domain.ts)
 * and added to the list a process is given brings its flow, deployment, tables, own database, settings and
 * routes, with no edit of a shared file.
 */
describe('a domain added by registering it', () => {
  let gateway: RunningGateway;
  let worker: TestingModule;
  let ownDatabase: TestDatabase;

  beforeAll(async () => {
    ownDatabase = await testDatabase();
    gateway = await startGateway({
      domains: DOMAINS_WITH_GREETINGS,
      env: {
        GREETINGS_SALUTATION: 'Bonjour',
        GREETINGS_API_KEY: 'greetings-key-0123',
        GREETINGS_DATABASE_URL: ownDatabase.url,
      },
    });
    worker = await startWorker(gateway.config, GreetingsWorkerModule);
  });

  afterAll(async () => {
    await worker.close();
    await gateway.close();
    await gateway.cleanup();
    await ownDatabase.drop();
  });

  it('is refused at start with its own setting named when that setting is bad', async () => {
    await expect(
      startGateway({ domains: DOMAINS_WITH_GREETINGS, env: { GREETINGS_API_KEY: 'short' } }),
    ).rejects.toThrow(/GREETINGS_API_KEY must be at least 8 characters/);
  });

  it('lists its flow with the parameter schema, and its deployment', async () => {
    const flows = await callApi<FlowSummary[]>(gateway, 'GET', '/api/flows');
    const sayHello = flows.body.find((flow) => flow.name === 'greetings.say-hello');
    expect(sayHello?.parametersSchema).toMatchObject({ properties: { name: expect.any(Object) as object } });
    // The scheduler syncs the deployment catalogue at start; here the gateway's engine does it.
    await gateway.moduleRef.get(DeploymentService).syncCatalogue();
    const deployments = await callApi<DeploymentSummary[]>(gateway, 'GET', '/api/deployments');
    expect(deployments.body.map((deployment) => deployment.name)).toContain('greetings-daily');
  });

  it('runs its flow, which writes to its table in Relais’s database and to its own database', async () => {
    const started = await callApi<RunSummary>(gateway, 'POST', '/api/flows/greetings.say-hello/runs', {
      body: { parameters: { name: 'Ada' } },
    });
    expect(started.status).toBe(201);
    const run = await waitForApiRunState(gateway, started.body.id, [RunState.COMPLETED, RunState.FAILED]);
    expect(run.state).toBe(RunState.COMPLETED);

    const said = await callApi(gateway, 'GET', '/api/greetings/said');
    expect(said).toMatchObject({ status: 200, body: { greetings: ['Bonjour, Ada!'], archived: 1 } });
    const legacy = await callApi(gateway, 'GET', '/api/hello');
    expect(legacy.body).toEqual(said.body);

    // The archive lives in the domain's database, with its migrations recorded apart from the platform's.
    const own = worker.get<DataSource>(domainDataSourceToken('greetings'));
    expect(own.options.database ?? own.driver.database).not.toEqual(worker.get(DataSource).driver.database);
    const migrations = await own.query<{ name: string }[]>('SELECT name FROM greetings_migrations');
    expect(migrations.map((migration) => migration.name)).toEqual(['GreetingsArchive1900000000001']);
    await expect(worker.get(DataSource).query('SELECT COUNT(*) FROM greetings_archive')).rejects.toThrow();
  });

  it('refuses bad parameters naming the field, and keeps its secret out of the configuration’s output', async () => {
    const refused = await callApi<{ fields?: Record<string, string[]> }>(
      gateway,
      'POST',
      '/api/flows/greetings.say-hello/runs',
      { body: { parameters: { name: '' } } },
    );
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.fields ?? {})).toEqual(['name']);
    expect(gateway.config.secrets).toContain('greetings-key-0123');
  });
});
