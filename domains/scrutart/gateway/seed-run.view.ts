import { PROCESS_ARTIST_FLOW, PROCESS_BATCH_FLOW } from '../contracts';
import type { FlowRunEntity } from '@relais/persistence';

/** `GET /api/flows/{id}/status`: the seed's shape (Prefect's flow run reduced to six fields). */
export interface SeedRunStatus {
  id: string;
  name: string;
  /** The run state in lower case, as the seed reported Prefect's state type: `pending`, `running`, `completed`… */
  state: string;
  created_at: string;
  updated_at: string;
  /** Seconds spent running (to now while it runs); 0 before it starts. */
  duration: number;
}

/** One row of `GET /api/flows/active` and `GET /api/flows/history`, the seed's `flow_runs` table. */
export interface SeedRunListItem {
  id: string;
  name: string;
  type: 'single' | 'batch';
  qids: string[];
  /** Same wording as `state` of the status route. */
  status: string;
  created_at: string;
  updated_at: string;
  /** The flow's result once it completed (history only, as in the seed). */
  result?: unknown;
  /** Relais additions: how far the run got, and why it failed. */
  progress: number;
  error: string | null;
}

export function seedRunStatus(run: FlowRunEntity, now = Date.now()): SeedRunStatus {
  return {
    id: run.id,
    name: seedRunName(run),
    state: seedState(run),
    created_at: new Date(run.createdAt).toISOString(),
    updated_at: new Date(run.updatedAt).toISOString(),
    duration: run.startedAt === null ? 0 : Math.max(0, ((run.endedAt ?? now) - run.startedAt) / 1000),
  };
}

export function seedRunListItem(run: FlowRunEntity, withResult: boolean): SeedRunListItem {
  const batch = run.flowName === PROCESS_BATCH_FLOW.name;
  const item: SeedRunListItem = {
    id: run.id,
    name: seedRunName(run),
    type: batch ? 'batch' : 'single',
    qids: batch ? stringList(run.parameters.qids) : stringList([run.parameters.qid]),
    status: seedState(run),
    created_at: new Date(run.createdAt).toISOString(),
    updated_at: new Date(run.updatedAt).toISOString(),
    progress: run.progress,
    error: run.error,
  };
  if (withResult) item.result = run.result ?? null;
  return item;
}

/** The seed's names: `Artist Q296` for one artist, the batch's own name for a batch, the flow name otherwise. */
function seedRunName(run: FlowRunEntity): string {
  if (run.flowName === PROCESS_ARTIST_FLOW.name && typeof run.parameters.qid === 'string') {
    return `Artist ${run.parameters.qid}`;
  }
  if (run.flowName === PROCESS_BATCH_FLOW.name && typeof run.parameters.batch_name === 'string') {
    return run.parameters.batch_name;
  }
  return run.flowName;
}

function seedState(run: FlowRunEntity): string {
  return run.state.toLowerCase();
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
