import type { ProcessBatchResult } from '@relais/domains/scrutart/contracts';

/** The batch's Markdown report: counts, then one line per artist. Every value is escaped (markdownText). */
export function batchReport(result: Omit<ProcessBatchResult, 'report_id'>): string {
  const lines = [
    `# ${markdownText(result.batch_name)}`,
    '',
    `${result.total} artists: ${result.succeeded} succeeded, ${result.failed} failed, in ${Math.round(result.duration_ms / 1000)} s.`,
  ];
  if (result.duplicates.length > 0)
    lines.push('', `Listed more than once (processed once): ${result.duplicates.map(markdownText).join(', ')}.`);
  lines.push('', '| QID | Artist | State | Run | Error |', '| --- | --- | --- | --- | --- |');
  for (const outcome of result.results) {
    const cells = [outcome.qid, outcome.artist_name ?? '', outcome.state, outcome.run_id, outcome.error ?? ''];
    lines.push(`| ${cells.map(markdownText).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Text from callers and from Wikidata as it must appear in Markdown: on one line, HTML's `<`, `>` and `&` as
 * entities (renderers pass HTML through: a batch named `<script>…` must not become a tag), and Markdown's own
 * punctuation backslash-escaped (a name must not become a heading, a link or a table cell of its own).
 */
export function markdownText(text: string): string {
  return (
    text
      .replace(/[\p{Cc}\s]+/gu, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // Only inline punctuation: each value follows a fixed prefix (`# `, `| `), so line-start markers (`-`, `1.`) are
      // never at the start of a line.
      .replace(/[\\`*_{}[\]()#|~]/g, '\\$&')
  );
}
