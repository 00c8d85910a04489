import { Injectable } from '@nestjs/common';
import { IsInt, Max, Min } from 'class-validator';
import { defineFlow } from '@relais/contracts';
import type { FlowHandler, RunContext } from '@relais/engine';

export const BENCH_QUEUE = 'bench';

export class NoParams {}

export class StepsParams {
  @IsInt() @Min(1) @Max(10_000) steps: number = 100;
}

export const NOOP_FLOW = defineFlow<NoParams, null>({
  name: 'bench.do-nothing',
  queue: BENCH_QUEUE,
  description: 'Returns at once: measures the engine, not the work',
  params: NoParams,
});

export const STEPS_FLOW = defineFlow<StepsParams, number>({
  name: 'bench.many-steps',
  queue: BENCH_QUEUE,
  description: 'Runs no-op durable steps and times each ctx.step call',
  params: StepsParams,
});

/** Durations (ms) of every ctx.step call made by StepsFlow in this process. */
export const stepDurations: number[] = [];

@Injectable()
export class NoopFlow implements FlowHandler<typeof NOOP_FLOW> {
  readonly contract = NOOP_FLOW;
  run(): Promise<null> {
    return Promise.resolve(null);
  }
}

@Injectable()
export class StepsFlow implements FlowHandler<typeof STEPS_FLOW> {
  readonly contract = STEPS_FLOW;
  async run(ctx: RunContext<StepsParams>): Promise<number> {
    let total = 0;
    for (let i = 0; i < ctx.params.steps; i++) {
      const started = performance.now();
      total += await ctx.step('add', () => i);
      stepDurations.push(performance.now() - started);
    }
    return total;
  }
}
