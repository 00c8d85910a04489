/*
 * A flow for the run-lease test, on its own queue: its steps record when they ran in this process's memory
 * (not in Redis, which the test pauses), so the test can tell whether two deliveries ran the run at once.
 */
import { Injectable, Module } from '@nestjs/common';
import { IsInt, Max, Min } from 'class-validator';
import { defineFlow } from '@relais/contracts';
import { DOMAINS } from '@relais/domains';
import { EngineModule, type FlowHandler, type RunContext } from '@relais/engine';

export const LEASE_TEST_QUEUE = 'test-engine-lease';

export class SpanParams {
  @IsInt() @Min(1) @Max(10) steps: number = 3;
  @IsInt() @Min(0) step_ms: number = 1000;
}

export const SPANS_FLOW = defineFlow<SpanParams, null>({
  name: 'test.record-spans',
  queue: LEASE_TEST_QUEUE,
  description: 'Sleeps in each step, recording when each step body ran',
  params: SpanParams,
  retry: { attempts: 3, backoffMs: 50, jitter: 0 },
});

/** One execution of a step body: from its start to its end (or to its abort). */
export interface StepSpan {
  runId: string;
  step: string;
  start: number;
  end: number | null;
}

/** Every step body run by this process, in start order. */
export const STEP_SPANS: StepSpan[] = [];

@Injectable()
export class SpansFlow implements FlowHandler<typeof SPANS_FLOW> {
  readonly contract = SPANS_FLOW;
  async run(ctx: RunContext<SpanParams>): Promise<null> {
    for (let index = 1; index <= ctx.params.steps; index++) {
      await ctx.step(`step-${index}`, async ({ signal }) => {
        const span: StepSpan = { runId: ctx.runId, step: `step-${index}`, start: Date.now(), end: null };
        STEP_SPANS.push(span);
        try {
          await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(resolve, ctx.params.step_ms);
            signal.addEventListener('abort', () => {
              clearTimeout(timer);
              reject(signal.reason as Error);
            });
          });
        } finally {
          span.end = Date.now();
        }
      });
    }
    return null;
  }
}

@Module({ imports: [EngineModule.forWorker({ domains: DOMAINS, queue: LEASE_TEST_QUEUE, flows: [SpansFlow] })] })
export class LeaseTestWorkerModule {}
