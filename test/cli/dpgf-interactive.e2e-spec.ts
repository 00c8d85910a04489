import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestingModule } from '@nestjs/testing';
import type { RunDetail } from '@relais/contracts';
import { WorkerDpgfModule } from '../../apps/worker-dpgf/src/worker-dpgf.module';
import { writeFixtureTree } from '../dpgf/fixtures/price-schedule-fixtures';
import { startWorker } from '../engine/engine-harness';
import { callApi, startGateway, type RunningGateway } from '../gateway/gateway-harness';
import { testTempDir, waitFor } from '../support/test-env';
import { buildCli, runCli, type BuiltCli } from './cli-process';

const ROOT = join(__dirname, '..', '..');

/** `relais ARGS` on a pseudo-terminal (util-linux `script`), its answers typed as a person would. */
class TerminalSession {
  private output = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(cli: BuiltCli, args: string[], env: Record<string, string>) {
    const quoted = [process.execPath, cli.main, ...args].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
    // -e: script exits with the command's code; the terminal gets a size, as a real one has.
    this.child = spawn('script', ['-q', '-e', '-c', `stty cols 160 rows 50; ${quoted}`, '/dev/null'], {
      cwd: ROOT,
      env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), NO_COLOR: '1', ...env },
    });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    this.exited = new Promise((resolve) => this.child.once('close', (code) => resolve(code)));
  }

  /** Everything the terminal showed, without cursor and erase sequences. */
  get screen(): string {
    // eslint-disable-next-line no-control-regex -- ANSI escape sequences
    return this.output.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
  }

  /** Waits for `question` on the terminal, then types `answer` and Enter. */
  async answer(question: RegExp, answer: string): Promise<void> {
    await waitFor(() => question.test(this.screen), {
      timeoutMs: 60_000,
      message: () => `"${question.source}" on the terminal, which shows:\n${this.screen}`,
    });
    this.child.stdin.write(`${answer}\r`);
  }
}

describe('relais dpgf --interactive, on a pseudo-terminal against the gateway and a DPGF worker', () => {
  let gateway: RunningGateway;
  let worker: TestingModule;
  let cli: BuiltCli;
  let root: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    root = await testTempDir('dpgf-interactive-');
    await writeFixtureTree(root);
    gateway = await startGateway({ env: { DPGF_FOLDER_ROOTS: root } });
    worker = await startWorker(gateway.config, WorkerDpgfModule);
    cli = await buildCli();
    env = { RELAIS_URL: gateway.url, RELAIS_TOKEN: gateway.adminToken };
  }, 180_000);

  afterAll(async () => {
    await cli.remove();
    await worker.close();
    await gateway.close();
    await gateway.cleanup();
    await rm(root, { recursive: true, force: true });
  });

  /** The parameters of the latest dpgf.workflow run. */
  const lastRunParameters = async () => {
    const runs = await callApi<{ items: { id: string }[] }>(gateway, 'GET', '/api/runs?flow=dpgf.workflow');
    const run = await callApi<RunDetail>(gateway, 'GET', `/api/runs/${runs.body.items[0].id}`);
    return run.body.parameters;
  };

  it('answering no after the scan stops there, having written nothing', async () => {
    const session = new TerminalSession(cli, ['dpgf', '--interactive', '--root-folder', root], env);
    await session.answer(/Identify these files\? \[y\/N\]/, 'n');
    expect(await session.exited).toBe(0);
    expect(session.screen).toMatch(/Scan: 7 spreadsheets found in folder /);
    expect(session.screen).toContain('Archives/DQE ancien.xlsx');
    expect(session.screen).toContain('Stopped: nothing was imported.');
    expect((await callApi<{ total: number }>(gateway, 'GET', '/api/dpgf/imports')).body.total).toBe(0);
  });

  it('shows each phase, imports only the files chosen, and only once the last question is answered yes', async () => {
    const session = new TerminalSession(
      cli,
      ['dpgf', '--interactive', '--root-folder', root, '--exclude-dirs', 'Archives'],
      env,
    );
    await session.answer(/Identify these files\? \[y\/N\]/, 'y');
    // A number out of range is named and asked again; then the two best-scoring files.
    await session.answer(/Files to download and check .*Enter: the 4 kept\): $/m, '9');
    await session.answer(/"9" is not a file number[^]*Files to download and check/, '1-2');
    await session.answer(/Import 2 files into the pricing database\? \[y\/N\]/, 'y');
    expect(await session.exited).toBe(0);

    const screen = session.screen;
    expect(screen).toMatch(/Scan: 6 spreadsheets found/);
    expect(screen).toMatch(/Identification: 4 of 6 spreadsheets kept as price schedules/);
    expect(screen).toMatch(/#\s+TYPE\s+SCORE\s+KEPT\s+FILE/);
    expect(screen).toMatch(/Why:\n\s+1\. .*name contains/);
    expect(screen).toMatch(/Download: 2 files \(.* kB\), 0 unchanged/);
    expect(screen).toMatch(/Dry run: 2 files would be imported/);
    expect(screen).toContain('COMPLETED');
    const imports = await callApi<{ total: number }>(gateway, 'GET', '/api/dpgf/imports');
    expect(imports.body.total).toBe(2);
    // Scan, identify and the dry run wrote nothing; the import run carried the two chosen paths only.
    const parameters = await lastRunParameters();
    expect(parameters).toMatchObject({ min_confidence: 0, max_files: 2 });
    expect(parameters.only_paths).toHaveLength(2);
  });

  it('refuses to ask questions without a terminal (exit 2)', async () => {
    const result = await runCli(cli, ['dpgf', '--interactive'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs a terminal');
  });
});
