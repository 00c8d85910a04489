/*
 * Flow contracts used only by the scheduler's end-to-end tests, on a queue no worker consumes: a firing is
 * asserted by the PENDING run record it leaves in the database.
 */
import { IsInt, IsOptional, Min } from 'class-validator';
import { defineFlow, type DeploymentDefinition, type FlowContract } from '@relais/contracts';

export const SCHEDULE_TEST_QUEUE = 'test-sched';

export class EmptyParams {}

export class CountParams {
  @IsInt()
  @Min(1)
  count: number = 1;

  @IsOptional()
  @IsInt()
  extra?: number;
}

export const NOOP_FLOW = defineFlow<EmptyParams, null>({
  name: 'test.noop',
  queue: SCHEDULE_TEST_QUEUE,
  description: 'Does nothing (never run: no worker consumes its queue)',
  params: EmptyParams,
});

export const COUNT_FLOW = defineFlow<CountParams, null>({
  name: 'test.count-things',
  queue: SCHEDULE_TEST_QUEUE,
  description: 'Has a validated parameter, for default-parameter checks',
  params: CountParams,
});

export const SCHEDULE_TEST_CONTRACTS: FlowContract[] = [NOOP_FLOW, COUNT_FLOW];

/** A deployment of NOOP_FLOW firing every second; `extra` overrides any field (catch-up, paused, schedule…). */
export function everySecond(name: string, extra: Partial<DeploymentDefinition> = {}): DeploymentDefinition {
  return {
    name,
    flow: NOOP_FLOW.name,
    description: `${name}: every second`,
    parameters: {},
    schedule: { everyMs: 1000 },
    tags: ['test'],
    ...extra,
  };
}
