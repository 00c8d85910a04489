/*
 * The flow the torture suite runs: a few steps, each of which waits a little and then leaves its side effect in a
 * ledger outside the Relais database (a file per worker process, appended with one write per effect), so that the
 * suite can tell afterwards which step bodies really ran, how often, and when.
 */
import { Injectable } from '@nestjs/common';
import { IsInt, Max, Min } from 'class-validator';
import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineFlow, type DeploymentDefinition } from '@relais/contracts';
import { defineDomain, type AnyDomain } from '@relais/domain-kit';
import type { FlowHandler, RunContext } from '@relais/engine';

export const TORTURE_QUEUE = 'torture';

export class TortureParams {
  @IsInt() @Min(1) @Max(10) steps: number = 5;
  @IsInt() @Min(0) @Max(10_000) step_ms_min: number = 20;
  @IsInt() @Min(0) @Max(10_000) step_ms_max: number = 200;
}

export const TORTURE_FLOW = defineFlow<TortureParams, { steps: number }>({
  name: 'torture.five-steps',
  queue: TORTURE_QUEUE,
  description: 'Steps that each wait a little, then leave their effect in a ledger outside the Relais database',
  params: TortureParams,
  retry: { attempts: 3, backoffMs: 200, jitter: 0.5 },
  timeoutMs: 120_000,
});

/** The deployment of the schedulers' scenario: one firing a second, missed slots fired once when noticed. */
export const EVERY_SECOND_DEPLOYMENT: DeploymentDefinition = {
  name: 'torture-every-second',
  flow: TORTURE_FLOW.name,
  description: 'One single-step run per second',
  parameters: { steps: 1, step_ms_min: 0, step_ms_max: 20 },
  schedule: { everyMs: 1000 },
  catchUp: 'fire_once',
  tags: ['torture'],
};

/**
 * The domain every torture process runs with, instead of the shipped ones (none of which the suite needs, and
 * whose code would only slow each restart): the flow, and the deployments TORTURE_DEPLOYMENTS (JSON) names.
 */
export function tortureDomain(env: NodeJS.ProcessEnv = process.env): AnyDomain {
  return defineDomain({
    name: 'torture',
    description: "The torture suite's flow",
    flows: [TORTURE_FLOW],
    deployments: JSON.parse(env.TORTURE_DEPLOYMENTS ?? '[]') as DeploymentDefinition[],
  });
}

/** One execution of a step body (its effect), or the commit of its completion, as the ledger says. */
export interface LedgerEntry {
  runId: string;
  step: string;
  attempt: number;
  pid: number;
  /** Epoch ms: when the effect happened (the step's body then returns at once), or when the commit returned. */
  at: number;
}

/**
 * The ledger: TORTURE_LEDGER_DIR/ledger-<pid>.log, one line per step effect (`E …`) and one per step completion
 * the worker's write buffer committed to the database (`C …`), so that a step run twice can be told apart: its
 * first run's record had been committed (the replay failed: a bug), or its worker died before it was (the
 * step-record window of at-least-once delivery).
 */
export class Ledger {
  private readonly file: string;

  constructor(directory: string) {
    mkdirSync(directory, { recursive: true });
    this.file = join(directory, `ledger-${process.pid}.log`);
  }

  /** One write(2) with O_APPEND: the line survives a SIGKILL of this process once the call has returned. */
  effect(runId: string, step: string, attempt: number): void {
    appendFileSync(this.file, `E ${runId} ${step} ${attempt} ${process.pid} ${Date.now()}\n`);
  }

  committed(steps: { runId: string; stepKey: string; attempt: number }[]): void {
    if (steps.length === 0) return;
    const at = Date.now();
    appendFileSync(
      this.file,
      steps.map((step) => `C ${step.runId} ${step.stepKey} ${step.attempt} ${process.pid} ${at}\n`).join(''),
    );
  }

  /** Every entry recorded in `directory` by any process. */
  static read(directory: string): { effects: LedgerEntry[]; commits: LedgerEntry[] } {
    const effects: LedgerEntry[] = [];
    const commits: LedgerEntry[] = [];
    let files: string[];
    try {
      files = readdirSync(directory).filter((name) => name.startsWith('ledger-'));
    } catch {
      return { effects, commits };
    }
    for (const name of files) {
      for (const line of readFileSync(join(directory, name), 'utf8').split('\n')) {
        const fields = line.split(' ');
        // The last line ends with its newline; a line cut short cannot be written by one small append, but skip it.
        if (fields.length !== 6) continue;
        const [kind, runId, step, attempt, pid, at] = fields;
        const entry = { runId, step, attempt: Number(attempt), pid: Number(pid), at: Number(at) };
        (kind === 'E' ? effects : commits).push(entry);
      }
    }
    return { effects, commits };
  }
}

let ledger: Ledger | undefined;

/** This process's ledger, in the directory TORTURE_LEDGER_DIR names. */
export function processLedger(): Ledger {
  ledger ??= new Ledger(process.env.TORTURE_LEDGER_DIR ?? join(tmpdir(), 'torture-ledger'));
  return ledger;
}

@Injectable()
export class TortureFlow implements FlowHandler<typeof TORTURE_FLOW> {
  readonly contract = TORTURE_FLOW;
  async run(ctx: RunContext<TortureParams>): Promise<{ steps: number }> {
    const { steps, step_ms_min: min, step_ms_max: max } = ctx.params;
    for (let index = 1; index <= steps; index++) {
      await ctx.step(`step-${index}`, async ({ signal }) => {
        await sleep(min + Math.floor(Math.random() * Math.max(0, max - min)), signal);
        signal.throwIfAborted();
        processLedger().effect(ctx.runId, `step-${index}`, ctx.attempt);
      });
      ctx.progress((index / steps) * 100);
    }
    return { steps };
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}
