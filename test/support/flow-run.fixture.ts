import { randomUUID } from 'node:crypto';
import { RunState } from '@relais/contracts';
import type { FlowRunEntity } from '@relais/persistence';

/** A complete, valid PENDING flow_runs row (a fresh id each call); override what the test is about. */
export function aFlowRun(overrides: Partial<FlowRunEntity> = {}): FlowRunEntity {
  const id = overrides.id ?? randomUUID();
  const now = Date.now();
  return {
    id,
    flowName: 'ops.health-check',
    queue: 'ops',
    state: RunState.PENDING,
    parameters: { alert_threshold: 70, detailed: false },
    result: null,
    error: null,
    attempts: 0,
    maxAttempts: 2,
    progress: 0,
    progressMessage: null,
    deploymentName: null,
    parentRunId: null,
    idempotencyKey: null,
    jobId: id,
    triggeredBy: 'api',
    concurrencyGroup: null,
    workerId: null,
    createdAt: now,
    updatedAt: now,
    startedAt: null,
    endedAt: null,
    ...overrides,
  };
}
