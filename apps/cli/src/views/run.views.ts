import type { LogLine, Page, RunDetail, RunSummary } from '@relais/contracts/api/api-types';
import { formatDuration } from '../output/format-duration';
import { formatRelativeTime } from '../output/format-relative-time';
import { renderTable, truncate } from '../output/table';
import type { TerminalStyle } from '../output/terminal-style';

/** `flow-run ls`: one run per line, newest first as the API sends them, with the next page's command. */
export function renderRunPage(page: Page<RunSummary>, style: TerminalStyle, now = Date.now()): string {
  if (page.items.length === 0) return 'No runs.';
  const table = renderRunTable(page.items, style, now);
  return page.nextCursor ? `${table}\n${style.dim(`More: relais flow-run ls --cursor ${page.nextCursor}`)}` : table;
}

function renderRunTable(runs: readonly RunSummary[], style: TerminalStyle, now = Date.now()): string {
  return renderTable(
    [
      { header: 'ID' },
      { header: 'FLOW' },
      { header: 'STATE' },
      { header: 'PROGRESS', align: 'right' },
      { header: 'CREATED' },
      { header: 'DURATION', align: 'right' },
      { header: 'TRIGGER' },
      { header: 'ERROR' },
    ],
    runs.map((run) => [
      run.id,
      run.flowName,
      { text: run.state, style: (text) => style.state(text, run.state) },
      `${Math.round(run.progress)}%`,
      formatRelativeTime(run.createdAt, now),
      formatDuration(run.durationMs),
      run.deploymentName ? `deployment ${run.deploymentName}` : run.triggeredBy,
      run.error ? { text: truncate(run.error, 60), style: style.red } : '',
    ]),
  );
}

/** `flow-run show`: the run, its steps, children and reports. */
export function renderRunDetail(run: RunDetail, style: TerminalStyle, now = Date.now()): string {
  const fields: [string, string][] = [
    ['Run', run.id],
    ['Flow', run.flowName],
    ['State', style.state(run.state)],
    ['Progress', `${Math.round(run.progress)}%${run.progressMessage ? ` (${run.progressMessage})` : ''}`],
    ['Attempts', `${run.attempts} of ${run.maxAttempts}`],
    ['Trigger', run.deploymentName ? `deployment ${run.deploymentName} (${run.triggeredBy})` : run.triggeredBy],
    ['Created', `${run.createdAt} (${formatRelativeTime(run.createdAt, now)})`],
    ['Started', run.startedAt ?? '-'],
    ['Ended', run.endedAt ?? '-'],
    ['Duration', formatDuration(run.durationMs)],
    ['Parameters', JSON.stringify(run.parameters)],
  ];
  if (run.parentRunId) fields.push(['Parent run', run.parentRunId]);
  if (run.error) fields.push(['Error', style.red(run.error)]);
  if (run.result !== null && run.result !== undefined) fields.push(['Result', JSON.stringify(run.result)]);
  const labelWidth = Math.max(...fields.map(([label]) => label.length));
  const sections = [fields.map(([label, value]) => `${`${label}:`.padEnd(labelWidth + 2)}${value}`).join('\n')];
  if (run.steps.length > 0) {
    const steps = renderTable(
      [
        { header: 'STEP' },
        { header: 'STATE' },
        { header: 'ATTEMPT', align: 'right' },
        { header: 'DURATION', align: 'right' },
        { header: 'ERROR' },
      ],
      run.steps.map((step) => [
        step.key,
        { text: step.state, style: (text) => style.state(text, step.state) },
        String(step.attempt),
        formatDuration(step.durationMs),
        step.error ? { text: truncate(step.error, 80), style: style.red } : '',
      ]),
    );
    sections.push(`Steps:\n${indent(steps)}`);
  }
  if (run.children.length > 0) sections.push(`Child runs:\n${indent(renderRunTable(run.children, style, now))}`);
  if (run.artifacts.length > 0) {
    const reports = renderTable(
      [{ header: 'REPORT' }, { header: 'KIND' }, { header: 'KEY' }, { header: 'CREATED' }],
      run.artifacts.map((artifact) => [
        artifact.id,
        artifact.kind,
        artifact.key,
        formatRelativeTime(artifact.createdAt, now),
      ]),
    );
    sections.push(`Reports (GET /api/reports/ID):\n${indent(reports)}`);
  }
  return sections.join('\n\n');
}

/** The last word on a watched or started run: `Run ID (flow) COMPLETED in 1.2 s.` */
export function renderRunOutcome(run: RunSummary, style: TerminalStyle): string {
  const attempts = run.attempts > 1 ? ` after ${run.attempts} attempts` : '';
  return `Run ${run.id} (${run.flowName}) ${style.state(run.state)}${attempts} in ${formatDuration(run.durationMs)}.`;
}

/** One log line: local time, level, step, message. */
export function renderLogLine(line: LogLine, style: TerminalStyle): string {
  const at = new Date(line.at);
  const time = Number.isNaN(at.getTime())
    ? line.at
    : `${at.toTimeString().slice(0, 8)}.${String(at.getMilliseconds()).padStart(3, '0')}`;
  const level = style.level(line.level.toUpperCase().padEnd(5), line.level);
  const step = line.step ? `${style.dim(`[${line.step}]`)} ` : '';
  return `${time} ${level} ${step}${line.message}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
