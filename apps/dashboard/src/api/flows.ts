import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { FlowSummary, RunSummary } from './types';

/** The flows and their parameter schemas (GET /api/flows), cached a minute; `enabled: false` until needed. */
export function useFlows(enabled = true) {
  return useQuery({
    queryKey: ['flows'],
    queryFn: () => api<FlowSummary[]>('/api/flows'),
    staleTime: 60_000,
    enabled,
  });
}

export async function startRun(flow: string, parameters: Record<string, unknown>): Promise<RunSummary> {
  return api<RunSummary>(`/api/flows/${encodeURIComponent(flow)}/runs`, { method: 'POST', body: { parameters } });
}
