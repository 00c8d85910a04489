/** One-click starts of a flow with set parameters, shown only when the gateway lists the flow. */
export interface QuickAction {
  label: string;
  flow: string;
  parameters: Record<string, unknown>;
  description: string;
}

export const QUICK_ACTIONS: readonly QuickAction[] = [
  {
    label: 'Health check',
    flow: 'ops.health-check',
    parameters: { detailed: true },
    description: 'Score the platform now',
  },
  {
    label: 'Vector maintenance',
    flow: 'documents.vector-maintenance',
    parameters: {},
    description: 'Back up and compact the vector store',
  },
  {
    label: 'Smoke tests',
    flow: 'documents.smoke-tests',
    parameters: {},
    description: 'Ingest and retrieve a test document',
  },
  { label: 'Batch documents', flow: 'documents.batch', parameters: {}, description: 'Process the documents folder' },
];

/** The quick actions whose flow the gateway has (a domain that has not landed shows none). */
export function availableQuickActions(flowNames: readonly string[]): QuickAction[] {
  const known = new Set(flowNames);
  return QUICK_ACTIONS.filter((action) => known.has(action.flow));
}
