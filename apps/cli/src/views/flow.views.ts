import type { FlowSummary } from '@relais/contracts/api/api-types';
import { formatDuration } from '../output/format-duration';
import { renderTable } from '../output/table';

/** `flow ls`: every flow the gateway can start, with its queue, retries and timeout. */
export function renderFlows(flows: readonly FlowSummary[]): string {
  if (flows.length === 0) return 'No flows.';
  return renderTable(
    [
      { header: 'NAME' },
      { header: 'QUEUE' },
      { header: 'ATTEMPTS', align: 'right' },
      { header: 'TIMEOUT', align: 'right' },
      { header: 'PARAMETERS' },
      { header: 'DESCRIPTION' },
    ],
    flows.map((flow) => [
      flow.name,
      flow.queue,
      String(flow.retry.attempts),
      formatDuration(flow.timeoutMs),
      parameterNames(flow.parametersSchema),
      flow.description,
    ]),
  );
}

/** The parameter names of a flow's JSON schema, required ones marked with `*`. */
function parameterNames(schema: Record<string, unknown>): string {
  const properties = schema.properties;
  if (typeof properties !== 'object' || properties === null) return '-';
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const names = Object.keys(properties).map((name) => (required.has(name) ? `${name}*` : name));
  return names.length > 0 ? names.join(', ') : '-';
}
