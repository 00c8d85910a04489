import type { TortureDb } from './cluster';
import type { ScenarioResult } from './verdict';

/** The suite's one table, in Markdown (docs/torture.md publishes it as printed). */
export function tableOf(results: { db: TortureDb; result: ScenarioResult }[]): string {
  const header = [
    'Scenario',
    'Database',
    'Accepted',
    'Completed',
    'Lost',
    'Stuck',
    'Failed by infra',
    'Duplicated steps',
    'Duplicated in window',
    'Step-record window p50 / p99 / max',
    'Notes',
  ];
  const rows = results.map(({ db, result }) => [
    result.scenario,
    db === 'sqlite' ? 'SQLite' : 'MariaDB',
    String(result.accepted),
    String(result.completed),
    String(result.lost),
    String(result.stuck),
    String(result.failedByInfra),
    String(result.duplicated),
    result.duplicatedInWindow === 0
      ? '0'
      : `${result.duplicatedInWindow} (killed ≤ ${result.longestWindowMs} ms after the effect)`,
    result.window ? `${result.window.p50} / ${result.window.p99} / ${result.window.max} ms` : '–',
    [...result.notes, `${Math.round(result.durationMs / 1000)} s`].join('; '),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]): string => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
