import { isTerminal, type ArtifactSummary, type LogLine, type RunSummary, type StepSummary } from '@relais/contracts';
import type { ArtifactEntity, FlowRunEntity, RunLogEntity, StepRunEntity } from '@relais/persistence';

// The JSON shapes of runs and their parts (libs/contracts api-types), built from the database rows.

export function runSummaryOf(run: FlowRunEntity, now = Date.now()): RunSummary {
  return {
    id: run.id,
    flowName: run.flowName,
    queue: run.queue,
    state: run.state,
    deploymentName: run.deploymentName,
    parentRunId: run.parentRunId,
    triggeredBy: run.triggeredBy,
    attempts: run.attempts,
    maxAttempts: run.maxAttempts,
    progress: run.progress,
    progressMessage: run.progressMessage,
    error: run.error,
    createdAt: isoOf(run.createdAt),
    updatedAt: isoOf(run.updatedAt),
    startedAt: isoOrNull(run.startedAt),
    endedAt: isoOrNull(run.endedAt),
    durationMs: runDurationOf(run, now),
  };
}

/** Start to end, or to now while the run goes on; null before it starts (or for a finished run without an end). */
function runDurationOf(run: FlowRunEntity, now: number): number | null {
  if (run.startedAt === null) return null;
  const end = run.endedAt ?? (isTerminal(run.state) ? null : now);
  return end === null ? null : Math.max(0, end - run.startedAt);
}

export function stepSummaryOf(step: StepRunEntity): StepSummary {
  return {
    key: step.stepKey,
    name: step.name,
    state: step.state,
    attempt: step.attempt,
    error: step.error,
    startedAt: isoOf(step.startedAt),
    endedAt: isoOrNull(step.endedAt),
    durationMs: step.durationMs,
  };
}

export function artifactSummaryOf(artifact: ArtifactEntity): ArtifactSummary {
  return { id: artifact.id, kind: artifact.kind, key: artifact.key, createdAt: isoOf(artifact.createdAt) };
}

export function logLineOf(line: RunLogEntity): LogLine {
  return { id: line.id, level: line.level, message: line.message, step: line.step, at: isoOf(line.createdAt) };
}

export function isoOf(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function isoOrNull(epochMs: number | null): string | null {
  return epochMs === null ? null : isoOf(epochMs);
}
