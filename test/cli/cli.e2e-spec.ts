import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  CreatedToken,
  DeploymentSummary,
  FlowSummary,
  LogPage,
  Page,
  RunDetail,
  RunSummary,
  TokenSummary,
} from '@relais/contracts';
import { RunState, type DeploymentDefinition } from '@relais/contracts';
import { DeploymentRepository } from '@relais/persistence';
import { FAIL_FLOW, NOOP_FLOW, SLEEP_FLOW, STEPS_FLOW, TEST_QUEUE } from '../engine/test-flows';
import { useApiGateway, waitForApiRunState } from '../gateway/api-test-gateway';
import { callApi, type RunningGateway } from '../gateway/gateway-harness';
import { freePort } from '../support/free-port';
import { testTempDir, waitFor } from '../support/test-env';
import {
  buildCli,
  runCli,
  startCli,
  startedRunId,
  type BuiltCli,
  type CliResult,
  type CliRunOptions,
} from './cli-process';

const MANUAL_DEPLOYMENT: DeploymentDefinition = {
  name: 'cli-steps',
  flow: STEPS_FLOW.name,
  description: 'Two steps, on demand',
  parameters: { steps: 2 },
  tags: ['test'],
};
const NIGHTLY_DEPLOYMENT: DeploymentDefinition = {
  name: 'cli-nightly',
  flow: NOOP_FLOW.name,
  description: 'Does nothing at 03:00',
  parameters: {},
  schedule: { cron: '0 3 * * *', timezone: 'Europe/Paris' },
  tags: ['test', 'nightly'],
};

/** How long a test run may take to reach the state a test waits for, on a shared, busy machine. */
const RUN_STATE_TIMEOUT_MS = 30_000;

function output(result: CliResult): string {
  return `exit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}

/** Asserts the exit code, showing what the CLI printed when it differs. */
function expectExit(result: CliResult, code: number): void {
  if (result.code !== code) throw new Error(`expected exit ${code}, got ${output(result)}`);
}

// Each test runs several processes one after the other on a shared, busy machine.
jest.setTimeout(120_000);

describe('relais CLI: a subprocess against a running gateway and worker', () => {
  const api = useApiGateway({ worker: true });
  let cli: BuiltCli | undefined;
  let gateway: RunningGateway;
  /** `relais ARGS` with the gateway's URL and admin token in RELAIS_URL and RELAIS_TOKEN. */
  let relais: (...args: string[]) => Promise<CliResult>;
  /** `relais ARGS` with only the environment and working directory given. */
  const run = (args: string[], options: CliRunOptions = {}): Promise<CliResult> => {
    if (!cli) throw new Error('the CLI is only built inside tests');
    return runCli(cli, args, options);
  };

  beforeAll(async () => {
    cli = await buildCli();
    gateway = api.gateway;
    // The scheduler's job, done here directly: the gateway's deployment routes work from the database rows.
    await gateway.moduleRef
      .get(DeploymentRepository)
      .syncCatalogue([MANUAL_DEPLOYMENT, NIGHTLY_DEPLOYMENT], gateway.config.timezone);
    relais = (...args) => run(args, { env: { RELAIS_URL: gateway.url, RELAIS_TOKEN: gateway.adminToken } });
  }, 180_000);

  afterAll(async () => {
    await cli?.remove();
  });

  describe('relais run', () => {
    it('--watch follows a run with progress to COMPLETED and exits 0', async () => {
      const result = await relais(
        'run',
        STEPS_FLOW.name,
        '--param',
        'steps=3',
        '-p',
        'step_ms=150',
        '--watch',
        '--interval',
        '100',
      );
      expectExit(result, 0);
      const runId = startedRunId(result);
      expect(result.stdout).toMatch(new RegExp(`^Run ${runId} \\(${STEPS_FLOW.name}\\) COMPLETED in .+\\.$`, 'm'));
      // Without a terminal, progress comes as one line per change on stderr; the last one is the final state.
      expect(result.stderr.trim().split('\n').at(-1)).toBe('COMPLETED 100% step 3/3');
      const run = (await callApi<RunDetail>(gateway, 'GET', `/api/runs/${runId}`)).body;
      expect(run).toMatchObject({
        state: RunState.COMPLETED,
        parameters: { steps: 3, step_ms: 150 },
        result: { steps: [1, 2, 3] },
      });
    });

    it("--watch of a failing run exits 1 and prints the run's error", async () => {
      const result = await relais(
        'run',
        FAIL_FLOW.name,
        '--param',
        'message=disk on fire',
        '--param',
        'permanent=true',
        '--watch',
        '--interval',
        '100',
      );
      expectExit(result, 1);
      const runId = startedRunId(result);
      expect(result.stdout).toMatch(new RegExp(`^Run ${runId} \\(${FAIL_FLOW.name}\\) FAILED`, 'm'));
      expect(result.stderr).toContain('Error: disk on fire');
      expect(result.stderr).toContain(`relais flow-run logs ${runId}`);
    });

    it('without --watch prints the run id and returns at once; --quiet prints only the id', async () => {
      const result = await relais('run', NOOP_FLOW.name, '--quiet');
      expectExit(result, 0);
      const runId = result.stdout.trim();
      expect(runId).not.toContain(' ');
      await waitForApiRunState(gateway, runId, [RunState.COMPLETED], RUN_STATE_TIMEOUT_MS);
    });

    it('--json --watch prints the finished run as one JSON document', async () => {
      const result = await relais(
        '--json',
        'run',
        NOOP_FLOW.name,
        '--params-json',
        '{}',
        '--watch',
        '--interval',
        '100',
      );
      expectExit(result, 0);
      const run = JSON.parse(result.stdout) as RunDetail;
      expect(run).toMatchObject({ flowName: NOOP_FLOW.name, state: RunState.COMPLETED, steps: [] });
    });

    it('Ctrl-C stops watching (exit 130) and leaves the run going', async () => {
      const watching = startCli(cli!, ['run', SLEEP_FLOW.name, '-p', 'ms=60000', '--watch', '--interval', '100'], {
        env: { RELAIS_URL: gateway.url, RELAIS_TOKEN: gateway.adminToken },
      });
      await waitFor(() => watching.stderr().includes('RUNNING'), {
        timeoutMs: 30_000,
        message: 'the run to be RUNNING',
      });
      const runId = /^Run (\S+) started/m.exec(watching.stdout())?.[1] ?? '';
      watching.child.kill('SIGINT');
      const result = await watching.exited;
      expectExit(result, 130);
      expect(result.stderr).toContain(
        `Stopped watching run ${runId}; it goes on (cancel it with: relais flow-run cancel ${runId}).`,
      );
      expect((await callApi<RunDetail>(gateway, 'GET', `/api/runs/${runId}`)).body.state).toBe(RunState.RUNNING);
      await callApi(gateway, 'POST', `/api/runs/${runId}/cancel`);
      await waitForApiRunState(gateway, runId, [RunState.CANCELLED], RUN_STATE_TIMEOUT_MS);
    });

    it('exits 2 naming the field when the gateway rejects a parameter, before running anything', async () => {
      const result = await relais('run', STEPS_FLOW.name, '--param', 'steps=99');
      expectExit(result, 2);
      expect(result.stderr).toMatch(/^The gateway rejected the request: /);
      expect(result.stderr).toMatch(/^ {2}steps: .*20/m);
    });

    it('exits 2 on a malformed --param without calling the gateway', async () => {
      const result = await run(['run', STEPS_FLOW.name, '--param', 'steps'], {
        env: { RELAIS_URL: 'http://127.0.0.1:1' },
      });
      expectExit(result, 2);
      expect(result.stderr.trim()).toBe('--param expects key=value (got "steps").');
    });

    it('exits 5 for a flow the gateway does not know', async () => {
      const result = await relais('run', 'test.no-such-flow');
      expectExit(result, 5);
      expect(result.stderr).toContain('test.no-such-flow');
    });
  });

  describe('relais flow', () => {
    it('ls shows the flows in aligned columns, and --json the API list', async () => {
      const human = await relais('flow', 'ls');
      expectExit(human, 0);
      const [header, ...rows] = human.stdout.trimEnd().split('\n');
      expect(header).toMatch(/^NAME +QUEUE +ATTEMPTS +TIMEOUT +PARAMETERS +DESCRIPTION$/);
      const steps = rows.find((row) => row.startsWith(`${STEPS_FLOW.name} `));
      expect(steps).toMatch(new RegExp(`^${STEPS_FLOW.name.replace('.', '\\.')} +${TEST_QUEUE} +3 `));
      // Every row's queue starts in the column of the QUEUE header.
      expect(steps?.indexOf(TEST_QUEUE)).toBe(header.indexOf('QUEUE'));

      const json = await relais('flow', 'ls', '--json');
      expectExit(json, 0);
      const flows = JSON.parse(json.stdout) as FlowSummary[];
      expect(flows.find((flow) => flow.name === SLEEP_FLOW.name)).toMatchObject({
        queue: TEST_QUEUE,
        description: 'Sleeps',
      });
    });
  });

  describe('relais flow-run', () => {
    let finishedRunId: string;
    let failedRunId: string;

    beforeAll(async () => {
      const started = await callApi<RunSummary>(gateway, 'POST', `/api/flows/${STEPS_FLOW.name}/runs`, {
        body: { parameters: { steps: 3 } },
      });
      finishedRunId = started.body.id;
      const failing = await callApi<RunSummary>(gateway, 'POST', `/api/flows/${FAIL_FLOW.name}/runs`, {
        body: { parameters: { message: 'cli-ls-failure', permanent: true } },
      });
      failedRunId = failing.body.id;
      await waitForApiRunState(gateway, finishedRunId, [RunState.COMPLETED], RUN_STATE_TIMEOUT_MS);
      await waitForApiRunState(gateway, failedRunId, [RunState.FAILED], RUN_STATE_TIMEOUT_MS);
    });

    it('ls filters by flow and state, and --limit pages with a cursor', async () => {
      const failed = await relais('flow-run', 'ls', '--flow', FAIL_FLOW.name, '--state', 'failed');
      expectExit(failed, 0);
      expect(failed.stdout).toMatch(/^ID +FLOW +STATE +PROGRESS +CREATED +DURATION +TRIGGER +ERROR$/m);
      const row = failed.stdout.split('\n').find((line) => line.startsWith(failedRunId));
      expect(row).toMatch(/ FAILED .*cli-ls-failure$/);
      expect(failed.stdout).not.toContain(STEPS_FLOW.name);

      const json = await relais('--json', 'flow-run', 'ls', '--limit', '1');
      expectExit(json, 0);
      const page = JSON.parse(json.stdout) as Page<RunSummary>;
      expect(page.items).toHaveLength(1);
      expect(page.nextCursor).toEqual(expect.any(String));
      const next = await relais('--json', 'flow-run', 'ls', '--limit', '1', '--cursor', page.nextCursor ?? '');
      expectExit(next, 0);
      expect((JSON.parse(next.stdout) as Page<RunSummary>).items[0]?.id).not.toBe(page.items[0]?.id);
    });

    it("show prints the run's fields and steps", async () => {
      const result = await relais('flow-run', 'show', finishedRunId);
      expectExit(result, 0);
      expect(result.stdout).toMatch(new RegExp(`^Run: +${finishedRunId}$`, 'm'));
      expect(result.stdout).toMatch(/^State: +COMPLETED$/m);
      expect(result.stdout).toMatch(/^ {2}step-3(#1)? +COMPLETED +1 /m);
    });

    it('exits 5 for a run that does not exist', async () => {
      const result = await relais('flow-run', 'show', '00000000-0000-4000-8000-000000000000');
      expectExit(result, 5);
    });

    it("logs prints a finished run's log, and --json as one LogPage-shaped document", async () => {
      const result = await relais('flow-run', 'logs', finishedRunId);
      expectExit(result, 0);
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines.filter((line) => /^\d\d:\d\d:\d\d\.\d{3} INFO +(\[\S+\] )?step \d done$/.test(line))).toHaveLength(
        3,
      );

      const json = await relais('--json', 'flow-run', 'logs', finishedRunId);
      expectExit(json, 0);
      const page = JSON.parse(json.stdout) as LogPage;
      // `complete` turns true a moment after the run ends (the gateway lets late log writes land): not asserted.
      expect(page).toEqual({
        items: expect.any(Array) as unknown,
        nextAfter: expect.any(Number) as unknown,
        complete: expect.any(Boolean) as unknown,
      });
      expect(page.items.map((line) => line.message)).toEqual(expect.arrayContaining(['step 1 done', 'step 3 done']));
    });

    it('logs --follow prints lines as the run goes and exits once the run has ended', async () => {
      const started = await callApi<RunSummary>(gateway, 'POST', `/api/flows/${STEPS_FLOW.name}/runs`, {
        body: { parameters: { steps: 3, step_ms: 400 } },
      });
      const result = await relais('flow-run', 'logs', started.body.id, '--follow', '--interval', '100');
      expectExit(result, 0);
      const messages = result.stdout.match(/step \d done/g);
      expect(messages).toEqual(['step 1 done', 'step 2 done', 'step 3 done']);
      // It returned because the log is complete, which only happens once the run has ended.
      expect((await callApi<RunDetail>(gateway, 'GET', `/api/runs/${started.body.id}`)).body.state).toBe(
        RunState.COMPLETED,
      );
    });

    it('cancel stops a running run; cancelling it again exits 6 (conflict)', async () => {
      const started = await callApi<RunSummary>(gateway, 'POST', `/api/flows/${SLEEP_FLOW.name}/runs`, {
        body: { parameters: { ms: 60_000 } },
      });
      await waitForApiRunState(gateway, started.body.id, [RunState.RUNNING], RUN_STATE_TIMEOUT_MS);
      const result = await relais('flow-run', 'cancel', started.body.id);
      expectExit(result, 0);
      expect(result.stdout).toMatch(new RegExp(`^Run ${started.body.id} is CANCELL(ING|ED)\\.$`, 'm'));
      await waitForApiRunState(gateway, started.body.id, [RunState.CANCELLED], RUN_STATE_TIMEOUT_MS);

      const again = await relais('flow-run', 'cancel', started.body.id);
      expectExit(again, 6);
      expect(again.stderr).toContain('CANCELLED');
    });

    it('retry --watch runs a failed run again (it fails again: exit 1); retrying a COMPLETED run exits 6', async () => {
      const result = await relais('flow-run', 'retry', failedRunId, '--watch', '--interval', '100');
      expectExit(result, 1);
      expect(result.stdout).toMatch(new RegExp(`^Run ${failedRunId} is PENDING again\\.$`, 'm'));
      expect(result.stderr).toContain('Error: cli-ls-failure');

      const completed = await relais('flow-run', 'retry', finishedRunId);
      expectExit(completed, 6);
      expect(completed.stderr).toContain('COMPLETED');
    });
  });

  describe('relais deployment', () => {
    const deploymentsJson = async (): Promise<DeploymentSummary[]> => {
      const result = await relais('--json', 'deployment', 'ls');
      expectExit(result, 0);
      return JSON.parse(result.stdout) as DeploymentSummary[];
    };

    it('ls shows each deployment with its schedule and status', async () => {
      const result = await relais('deployment', 'ls');
      expectExit(result, 0);
      expect(result.stdout).toMatch(/^NAME +FLOW +SCHEDULE +STATUS +NEXT RUN +LAST RUN +TAGS$/m);
      expect(result.stdout).toMatch(/^cli-steps +test\.run-steps +manual +active /m);
      expect(result.stdout).toMatch(
        /^cli-nightly +test\.do-nothing +0 3 \* \* \* \(Europe\/Paris\) +active .* test,nightly$/m,
      );
    });

    it('pause NAME and resume NAME change one deployment; resume schedules its next run', async () => {
      const paused = await relais('deployment', 'pause', NIGHTLY_DEPLOYMENT.name);
      expectExit(paused, 0);
      expect(paused.stdout.trim()).toBe('Deployment cli-nightly is paused.');
      let deployments = await deploymentsJson();
      expect(deployments.find((d) => d.name === NIGHTLY_DEPLOYMENT.name)?.paused).toBe(true);
      expect(deployments.find((d) => d.name === MANUAL_DEPLOYMENT.name)?.paused).toBe(false);

      const resumed = await relais('deployment', 'resume', NIGHTLY_DEPLOYMENT.name);
      expectExit(resumed, 0);
      expect(resumed.stdout).toMatch(/^Deployment cli-nightly is active; next run in \d+ (h|min)\.$/m);
      deployments = await deploymentsJson();
      expect(deployments.find((d) => d.name === NIGHTLY_DEPLOYMENT.name)).toMatchObject({
        paused: false,
        nextRunAt: expect.any(String) as string,
      });
    });

    it('pause --all pauses every active deployment; resume --all resumes those only, and says so', async () => {
      // Paused by hand first: resume --all must leave it paused.
      expectExit(await relais('deployment', 'pause', NIGHTLY_DEPLOYMENT.name), 0);
      const paused = await relais('deployment', 'pause', '--all');
      expectExit(paused, 0);
      expect(paused.stdout).toMatch(/^Paused 1 deployment: cli-steps\.$/m);
      expect(paused.stdout).toMatch(/^Already paused, left as they are: cli-nightly\.$/m);
      expect((await deploymentsJson()).map((d) => d.paused)).toEqual([true, true]);

      const resumed = await relais('deployment', 'resume', '--all');
      expectExit(resumed, 0);
      expect(resumed.stdout).toMatch(/^Resumed 1 deployment: cli-steps\.$/m);
      expect(resumed.stdout).toMatch(/^Still paused \(not by pause --all; resume one by name\): cli-nightly\.$/m);
      const after = await deploymentsJson();
      expect(after.map((d) => [d.name, d.paused])).toEqual([
        [NIGHTLY_DEPLOYMENT.name, true],
        [MANUAL_DEPLOYMENT.name, false],
      ]);
      expectExit(await relais('deployment', 'resume', NIGHTLY_DEPLOYMENT.name), 0);
    });

    it('pause needs a name or --all (exit 2); an unknown deployment exits 5', async () => {
      expectExit(await relais('deployment', 'pause'), 2);
      const unknown = await relais('deployment', 'pause', 'no-such-deployment');
      expectExit(unknown, 5);
      expect(unknown.stderr).toContain('no-such-deployment');
    });

    it('run NAME --param overrides its defaults and --watch follows the run', async () => {
      const result = await relais(
        'deployment',
        'run',
        MANUAL_DEPLOYMENT.name,
        '--param',
        'steps=1',
        '--watch',
        '--interval',
        '100',
      );
      expectExit(result, 0);
      const run = (await callApi<RunDetail>(gateway, 'GET', `/api/runs/${startedRunId(result)}`)).body;
      expect(run).toMatchObject({
        deploymentName: MANUAL_DEPLOYMENT.name,
        state: RunState.COMPLETED,
        parameters: { steps: 1 },
      });
      const listed = (await deploymentsJson()).find((d) => d.name === MANUAL_DEPLOYMENT.name);
      expect(listed?.lastRunId).toBe(run.id);
    });
  });

  describe('connection and tokens', () => {
    it('exits 3 with what to do when the gateway is unreachable', async () => {
      const url = `http://127.0.0.1:${await freePort()}`;
      const result = await run(['flow', 'ls'], { env: { RELAIS_URL: url, RELAIS_TOKEN: 'whatever' } });
      expectExit(result, 3);
      expect(result.stderr.trim()).toBe(
        `Cannot reach the Relais gateway at ${url} (ECONNREFUSED). Is it running? Set RELAIS_URL or --url.`,
      );
    });

    it('exits 4 when the gateway refuses the token, naming where the token came from', async () => {
      const wrong = await run(['--url', gateway.url, '--token', 'relais_not_a_real_token_000000', 'flow', 'ls']);
      expectExit(wrong, 4);
      expect(wrong.stderr).toMatch(
        /^The gateway refused the token from --token \(401 .*\)\. Set RELAIS_TOKEN or --token\.$/m,
      );

      const directory = await testTempDir('cli-');
      const none = await run(['flow', 'ls'], { env: { RELAIS_URL: gateway.url }, cwd: directory });
      expectExit(none, 4);
      expect(none.stderr).toMatch(/^The gateway needs an API token \(401 /);
    });

    it('reads the token from RELAIS_TOKEN_FILE, or from ./data/admin-token in the working directory', async () => {
      const directory = await testTempDir('cli-');
      await mkdir(join(directory, 'data'));
      await writeFile(join(directory, 'data', 'admin-token'), `${gateway.adminToken}\n`);
      const local = await run(['--json', 'status'], { env: { RELAIS_URL: gateway.url }, cwd: directory });
      expectExit(local, 0);
      expect(JSON.parse(local.stdout)).toMatchObject({
        url: gateway.url,
        health: { status: 'ok' },
        whoami: { role: 'admin' },
      });

      await writeFile(join(directory, 'token'), gateway.adminToken);
      const fromFile = await run(['status'], {
        env: { RELAIS_URL: gateway.url, RELAIS_TOKEN_FILE: join(directory, 'token') },
      });
      expectExit(fromFile, 0);
      expect(fromFile.stdout).toMatch(/^Token: +\S+ \(admin\), from RELAIS_TOKEN_FILE/m);
    });

    it('token create prints a token once; a viewer token may read but not start runs (exit 4); revoke ends it', async () => {
      const created = await relais('--json', 'token', 'create', 'cli-viewer', '--role', 'viewer');
      expectExit(created, 0);
      const token = JSON.parse(created.stdout) as CreatedToken;
      expect(token).toMatchObject({ name: 'cli-viewer', role: 'viewer', token: expect.any(String) as string });

      const asViewer = (...args: string[]): Promise<CliResult> =>
        run(args, { env: { RELAIS_URL: gateway.url, RELAIS_TOKEN: token.token } });
      expectExit(await asViewer('flow', 'ls'), 0);
      const forbidden = await asViewer('run', NOOP_FLOW.name);
      expectExit(forbidden, 4);
      expect(forbidden.stderr).toMatch(/^The token from RELAIS_TOKEN may not do this \(403 .*operator/m);

      const listed = await relais('token', 'ls');
      expectExit(listed, 0);
      expect(listed.stdout).toMatch(new RegExp(`^${token.id} +cli-viewer +viewer +${token.prefix}… .* active$`, 'm'));

      const revoked = await relais('token', 'revoke', token.id);
      expectExit(revoked, 0);
      expect(revoked.stdout.trim()).toBe(`Token ${token.id} (cli-viewer) revoked.`);
      const afterRevoke = await relais('--json', 'token', 'ls');
      const summary = (JSON.parse(afterRevoke.stdout) as TokenSummary[]).find((t) => t.id === token.id);
      expect(summary?.revokedAt).toEqual(expect.any(String));
      expectExit(await asViewer('flow', 'ls'), 4);
    });

    it('token create without --role is a usage error (exit 2); a bad name from the API names the field', async () => {
      expectExit(await relais('token', 'create', 'no-role'), 2);
      const result = await relais('token', 'create', ' ', '--role', 'viewer');
      expectExit(result, 2);
      expect(result.stderr).toMatch(/^ {2}name: /m);
    });

    it('status shows the health of the gateway and who the token is', async () => {
      const result = await relais('status');
      expectExit(result, 0);
      expect(result.stdout).toContain(`Gateway:  ${gateway.url} ok`);
      expect(result.stdout).toMatch(/^Redis: +ok$/m);
      expect(result.stdout).toMatch(/^Database: +ok$/m);
      expect(result.stdout).toMatch(/^Token: +bootstrap-admin \(admin\), from RELAIS_TOKEN$/m);
    });
  });
});
