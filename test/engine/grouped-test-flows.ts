/*
 * Flows for the concurrency-group test, on their own queue: a parent that fans out children held to a per-parent
 * limit, and a child that records in Redis how many of its siblings ran at the same time.
 */
import { DOMAINS } from '@relais/domains';
import { Inject, Injectable, Module } from '@nestjs/common';
import { IsInt, IsString, Max, Min } from 'class-validator';
import type { Redis } from 'ioredis';
import { defineFlow, RunState } from '@relais/contracts';
import { EngineModule, REDIS_CLIENT, type FlowHandler, type RunContext } from '@relais/engine';

export const GROUP_TEST_QUEUE = 'test-engine-groups';

export class GroupedParentParams {
  @IsInt() @Min(1) @Max(50) children: number = 6;
  @IsInt() @Min(1) @Max(50) limit: number = 2;
  @IsInt() @Min(0) child_ms: number = 200;
}

export class GroupedChildParams {
  /** The key under which siblings count themselves (the parent's run id). */
  @IsString() batch: string = '';
  @IsInt() @Min(0) ms: number = 0;
}

export const GROUPED_PARENT_FLOW = defineFlow<GroupedParentParams, { completed: number }>({
  name: 'test.grouped-fan-out',
  queue: GROUP_TEST_QUEUE,
  description: 'Starts children of which at most `limit` run at once',
  params: GroupedParentParams,
});
export const GROUPED_CHILD_FLOW = defineFlow<GroupedChildParams, null>({
  name: 'test.grouped-child',
  queue: GROUP_TEST_QUEUE,
  description: 'Sleeps while counted among its running siblings',
  params: GroupedChildParams,
});

/** Redis keys of one parent's counters. */
export const groupCounterKeys = (batch: string): { running: string; max: string } => ({
  running: `test:group:${batch}:running`,
  max: `test:group:${batch}:max`,
});

/** Redis keys of the counters of every grouped child, whatever its parent. */
export const ALL_GROUPS_COUNTER_KEYS = { running: 'test:group:all:running', max: 'test:group:all:max' };

@Injectable()
export class GroupedParentFlow implements FlowHandler<typeof GROUPED_PARENT_FLOW> {
  readonly contract = GROUPED_PARENT_FLOW;
  async run(ctx: RunContext<GroupedParentParams>): Promise<{ completed: number }> {
    for (let index = 0; index < ctx.params.children; index++) {
      await ctx.startChild(
        GROUPED_CHILD_FLOW,
        { batch: ctx.runId, ms: ctx.params.child_ms },
        { concurrency: { limit: ctx.params.limit } },
      );
    }
    const outcomes = await ctx.waitForChildren();
    return { completed: outcomes.filter((outcome) => outcome.state === RunState.COMPLETED).length };
  }
}

const RAISE_MAX =
  "if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end";

@Injectable()
export class GroupedChildFlow implements FlowHandler<typeof GROUPED_CHILD_FLOW> {
  readonly contract = GROUPED_CHILD_FLOW;
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}
  async run(ctx: RunContext<GroupedChildParams>): Promise<null> {
    const keys = groupCounterKeys(ctx.params.batch);
    const siblings = await this.redis.incr(keys.running);
    const everyone = await this.redis.incr(ALL_GROUPS_COUNTER_KEYS.running);
    await this.redis.eval(RAISE_MAX, 1, keys.max, siblings);
    await this.redis.eval(RAISE_MAX, 1, ALL_GROUPS_COUNTER_KEYS.max, everyone);
    try {
      await new Promise((resolve) => setTimeout(resolve, ctx.params.ms));
    } finally {
      await this.redis.decr(keys.running);
      await this.redis.decr(ALL_GROUPS_COUNTER_KEYS.running);
    }
    return null;
  }
}

/** A worker for the grouped flows. */
@Module({
  imports: [
    EngineModule.forWorker({ domains: DOMAINS, queue: GROUP_TEST_QUEUE, flows: [GroupedParentFlow, GroupedChildFlow] }),
  ],
})
export class GroupedTestWorkerModule {}
