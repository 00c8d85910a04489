/*
 * Flows used only by the engine's end-to-end tests, on their own queue so the shipped catalogue is untouched.
 * Side effects are counted in Redis so a test can tell how many times a step body really ran.
 */
import { Inject, Injectable } from '@nestjs/common';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { Redis } from 'ioredis';
import { defineFlow, RunState } from '@relais/contracts';
import { NonRetryableError, REDIS_CLIENT, type ChildOutcome, type FlowHandler, type RunContext } from '@relais/engine';

export const TEST_QUEUE = 'test-engine';

export class StepsParams {
  @IsInt() @Min(1) @Max(20) steps: number = 3;
  /** The step (1-based) that throws while the attempt number is below `fail_until_attempt`. */
  @IsOptional() @IsInt() failing_step?: number;
  @IsOptional() @IsInt() fail_until_attempt?: number;
  @IsOptional() @IsInt() @Min(0) step_ms: number = 0;
}

export class SleepParams {
  @IsInt() @Min(0) ms: number = 100;
  /** False: the flow ignores ctx.signal, to prove the engine does not wait for it. */
  @IsOptional() @IsBoolean() cooperative: boolean = true;
}

export class FailParams {
  @IsString() message: string = 'boom';
  @IsOptional() @IsBoolean() permanent: boolean = false;
}

export class ParentParams {
  @IsInt() @Min(0) @Max(50) children: number = 3;
  @IsInt() @Min(0) child_ms: number = 50;
  /** Children at these indexes fail. */
  @IsOptional() @IsInt({ each: true }) failing_children: number[] = [];
}

export class EmptyParams {}

export class UploadParams {
  @IsInt() @Min(1) @Max(20) images: number = 3;
  /** On its first attempt, the upload step fails after uploading this many images. */
  @IsOptional() @IsInt() fail_after?: number;
}

export class ChildParams {
  @IsInt() index: number = 0;
  @IsInt() ms: number = 0;
  @IsBoolean() fail: boolean = false;
}

export const STEPS_FLOW = defineFlow<StepsParams, { steps: number[] }>({
  name: 'test.run-steps',
  queue: TEST_QUEUE,
  description: 'Runs numbered steps, one of which may fail on early attempts',
  params: StepsParams,
  retry: { attempts: 3, backoffMs: 50, jitter: 0.2 },
});
export const SLEEP_FLOW = defineFlow<SleepParams, { slept: number }>({
  name: 'test.sleep-awhile',
  queue: TEST_QUEUE,
  description: 'Sleeps',
  params: SleepParams,
  timeoutMs: 60_000,
});
export const SHORT_TIMEOUT_FLOW = defineFlow<SleepParams, { slept: number }>({
  name: 'test.sleep-too-long',
  queue: TEST_QUEUE,
  description: 'Sleeps past its 300 ms timeout',
  params: SleepParams,
  timeoutMs: 300,
});
export const FAIL_FLOW = defineFlow<FailParams, never>({
  name: 'test.always-fail',
  queue: TEST_QUEUE,
  description: 'Always throws',
  params: FailParams,
  retry: { attempts: 2, backoffMs: 20, jitter: 0 },
});
export const PARENT_FLOW = defineFlow<ParentParams, { succeeded: number; failed: number; results: unknown[] }>({
  name: 'test.fan-out',
  queue: TEST_QUEUE,
  description: 'Starts children and waits for them',
  params: ParentParams,
});
export const CHILD_FLOW = defineFlow<ChildParams, { index: number }>({
  name: 'test.child-work',
  queue: TEST_QUEUE,
  description: 'A child of test.fan-out',
  params: ChildParams,
});
export const LIMITED_FLOW = defineFlow<SleepParams, { slept: number }>({
  name: 'test.limited-sleep',
  queue: TEST_QUEUE,
  description: 'Sleeps, at most 2 at once across workers',
  params: SleepParams,
  concurrencyLimit: 2,
});
export const NOOP_FLOW = defineFlow<EmptyParams, null>({
  name: 'test.do-nothing',
  queue: TEST_QUEUE,
  description: 'Returns at once',
  params: EmptyParams,
});

export const UPLOAD_FLOW = defineFlow<UploadParams, { images_uploaded: number }>({
  name: 'test.upload-images',
  queue: TEST_QUEUE,
  description: 'Creates an album, uploads images to it (idempotently), and counts the uploads of the whole run',
  params: UploadParams,
  retry: { attempts: 2, backoffMs: 20, jitter: 0 },
});

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    // A flow that ignores its signal outlives its test on purpose: it must not keep Jest waiting.
    if (!signal) timer.unref();
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    });
  });
}

/** Counts executions of step bodies: `test:exec:{runId}:{step}`. */
@Injectable()
export class ExecutionCounter {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}
  async hit(key: string): Promise<number> {
    return this.redis.incr(`test:exec:${key}`);
  }
}

@Injectable()
export class StepsFlow implements FlowHandler<typeof STEPS_FLOW> {
  readonly contract = STEPS_FLOW;
  constructor(private readonly counter: ExecutionCounter) {}
  async run(ctx: RunContext<StepsParams>): Promise<{ steps: number[] }> {
    const done: number[] = [];
    for (let i = 1; i <= ctx.params.steps; i++) {
      done.push(
        await ctx.step(`step-${i}`, async () => {
          await this.counter.hit(`${ctx.runId}:step-${i}`);
          if (ctx.params.step_ms) await sleep(ctx.params.step_ms, ctx.signal);
          if (i === ctx.params.failing_step && ctx.attempt < (ctx.params.fail_until_attempt ?? Infinity)) {
            throw new Error(`step ${i} failed on attempt ${ctx.attempt}`);
          }
          ctx.log.info(`step ${i} done`);
          return i;
        }),
      );
      ctx.progress((i / ctx.params.steps) * 100, `step ${i}/${ctx.params.steps}`);
    }
    await ctx.report('markdown', 'steps-summary', `# Steps\n\n${done.join(', ')}`);
    return { steps: done };
  }
}

@Injectable()
export class SleepFlow implements FlowHandler<typeof SLEEP_FLOW> {
  readonly contract = SLEEP_FLOW;
  constructor(private readonly counter: ExecutionCounter) {}
  async run(ctx: RunContext<SleepParams>): Promise<{ slept: number }> {
    await this.counter.hit(`${ctx.runId}:started`);
    ctx.log.info(`sleeping ${ctx.params.ms} ms`);
    await ctx.step('sleep', () => sleep(ctx.params.ms, ctx.params.cooperative ? ctx.signal : undefined));
    return { slept: ctx.params.ms };
  }
}

@Injectable()
export class ShortTimeoutFlow implements FlowHandler<typeof SHORT_TIMEOUT_FLOW> {
  readonly contract = SHORT_TIMEOUT_FLOW;
  async run(ctx: RunContext<SleepParams>): Promise<{ slept: number }> {
    await sleep(ctx.params.ms, ctx.params.cooperative ? ctx.signal : undefined);
    return { slept: ctx.params.ms };
  }
}

@Injectable()
export class FailFlow implements FlowHandler<typeof FAIL_FLOW> {
  readonly contract = FAIL_FLOW;
  constructor(private readonly counter: ExecutionCounter) {}
  async run(ctx: RunContext<FailParams>): Promise<never> {
    await this.counter.hit(`${ctx.runId}:attempts`);
    if (ctx.params.permanent) throw new NonRetryableError(ctx.params.message);
    throw new Error(ctx.params.message);
  }
}

@Injectable()
export class ParentFlow implements FlowHandler<typeof PARENT_FLOW> {
  readonly contract = PARENT_FLOW;
  async run(ctx: RunContext<ParentParams>): Promise<{ succeeded: number; failed: number; results: unknown[] }> {
    for (let index = 0; index < ctx.params.children; index++) {
      await ctx.startChild(CHILD_FLOW, {
        index,
        ms: ctx.params.child_ms,
        fail: ctx.params.failing_children.includes(index),
      });
    }
    const outcomes: ChildOutcome<{ index: number }>[] = await ctx.waitForChildren();
    const succeeded = outcomes.filter((outcome) => outcome.state === RunState.COMPLETED).length;
    return { succeeded, failed: outcomes.length - succeeded, results: outcomes.map((outcome) => outcome.result) };
  }
}

@Injectable()
export class ChildFlow implements FlowHandler<typeof CHILD_FLOW> {
  readonly contract = CHILD_FLOW;
  async run(ctx: RunContext<ChildParams>): Promise<{ index: number }> {
    await sleep(ctx.params.ms, ctx.signal);
    if (ctx.params.fail) throw new NonRetryableError(`child ${ctx.params.index} failed`);
    return { index: ctx.params.index };
  }
}

@Injectable()
export class LimitedFlow implements FlowHandler<typeof LIMITED_FLOW> {
  readonly contract = LIMITED_FLOW;
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}
  async run(ctx: RunContext<SleepParams>): Promise<{ slept: number }> {
    const now = await this.redis.incr('test:limited:running');
    await this.redis.eval(
      "if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end",
      1,
      'test:limited:max',
      now,
    );
    try {
      await sleep(ctx.params.ms, ctx.signal);
    } finally {
      await this.redis.decr('test:limited:running');
    }
    return { slept: ctx.params.ms };
  }
}

@Injectable()
export class NoopFlow implements FlowHandler<typeof NOOP_FLOW> {
  readonly contract = NOOP_FLOW;
  run(): Promise<null> {
    return Promise.resolve(null);
  }
}

/** Shaped like scrutart.process-artist: a step's effect logged after it, uploads counted across attempts. */
@Injectable()
export class UploadFlow implements FlowHandler<typeof UPLOAD_FLOW> {
  readonly contract = UPLOAD_FLOW;
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}
  async run(ctx: RunContext<UploadParams>): Promise<{ images_uploaded: number }> {
    const album = await ctx.step('album', () => ({ id: 101 }));
    ctx.log.info(`album ${album.id} created`);
    const uploaded = await ctx.step('upload', async () => {
      let count = 0;
      for (let image = 1; image <= ctx.params.images; image++) {
        if ((await this.redis.setnx(`test:uploaded:${ctx.runId}:${image}`, '1')) === 1) {
          count++;
          ctx.tally('images_uploaded', 1);
        }
        if (ctx.attempt === 1 && image === ctx.params.fail_after) throw new Error('connection reset');
      }
      return count;
    });
    ctx.log.info(`${uploaded} uploaded`);
    return { images_uploaded: ctx.tally('images_uploaded') };
  }
}

export const TEST_FLOWS = [
  StepsFlow,
  SleepFlow,
  ShortTimeoutFlow,
  FailFlow,
  ParentFlow,
  ChildFlow,
  LimitedFlow,
  NoopFlow,
  UploadFlow,
];
export const TEST_CONTRACTS = [
  STEPS_FLOW,
  SLEEP_FLOW,
  SHORT_TIMEOUT_FLOW,
  FAIL_FLOW,
  PARENT_FLOW,
  CHILD_FLOW,
  LIMITED_FLOW,
  NOOP_FLOW,
  UPLOAD_FLOW,
];
