import type { ProcessBatchResult } from '@relais/domains/scrutart/contracts';

/** The batch's Markdown report: counts, then one line per artist. */
export function batchReport(result: Omit<ProcessBatchResult, 'report_id'>): string {
  const lines = [
    `# ${result.batch_name}`,
    '',
    `${result.total} artists: ${result.succeeded} succeeded, ${result.failed} failed, in ${Math.round(result.duration_ms / 1000)} s.`,
  ];
  if (result.duplicates.length > 0)
    lines.push('', `Listed more than once (processed once): ${result.duplicates.join(', ')}.`);
  lines.push('', '| QID | Artist | State | Run | Error |', '| --- | --- | --- | --- | --- |');
  for (const outcome of result.results) {
    const cells = [outcome.qid, outcome.artist_name ?? '', outcome.state, outcome.run_id, outcome.error ?? ''];
    lines.push(`| ${cells.map((cell) => cell.replace(/\|/g, '\\|').replace(/\s+/g, ' ')).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
