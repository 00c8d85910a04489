import type { DpgfWorkflowResult, FileFinding } from '@relais/domains/dpgf/contracts';
import { renderTable, truncate } from '../output/table';
import type { TerminalStyle } from '../output/terminal-style';

/** Files named one per line after a scan; the rest are counted. */
const SCAN_LINES = 30;
/** Identified files whose reasons are shown. */
const REASON_LINES = 30;

const size = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} kB`;
const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
const amount = (value: number | null): string => (value === null ? '' : value.toLocaleString('fr-FR'));

/** What a `stop_after: scan` run found. */
export function renderDpgfScan(result: DpgfWorkflowResult, style: TerminalStyle): string {
  const found = result.scan_mode === 'changes' ? 'changed since the last complete import' : 'found';
  const lines = [style.bold(`Scan: ${result.files_scanned} spreadsheets ${found} in ${result.source}`)];
  const files = result.files ?? [];
  for (const file of files.slice(0, SCAN_LINES)) lines.push(`  ${file.path} ${style.dim(`(${size(file.size)})`)}`);
  if (result.files_scanned > SCAN_LINES) lines.push(style.dim(`  … and ${result.files_scanned - SCAN_LINES} more`));
  return lines.join('\n');
}

/** What a `stop_after: identify` run scored: one numbered line per file, then why the best scored as they did. */
export function renderDpgfIdentification(result: DpgfWorkflowResult, style: TerminalStyle): string {
  const findings = result.files ?? [];
  const lines = [
    style.bold(
      `Identification: ${result.files_identified} of ${result.files_scanned} spreadsheets kept as price schedules`,
    ),
    renderTable(
      [
        { header: '#', align: 'right' },
        { header: 'TYPE' },
        { header: 'SCORE', align: 'right' },
        { header: 'KEPT' },
        { header: 'FILE' },
      ],
      findings.map((file, index) => [
        String(index + 1),
        file.type ?? '',
        (file.confidence ?? 0).toFixed(2),
        file.kept ? 'yes' : '',
        truncate(file.path, 100),
      ]),
    ),
  ];
  const explained = findings.slice(0, REASON_LINES).filter((file: FileFinding) => (file.reasons ?? []).length > 0);
  if (explained.length > 0) lines.push('', 'Why:');
  for (const file of explained) lines.push(`  ${findings.indexOf(file) + 1}. ${(file.reasons ?? []).join('; ')}`);
  for (const error of result.errors) lines.push(style.dim(`  ${error.path}: ${error.message}`));
  return lines.join('\n');
}

/** What a dry run of the chosen files downloaded and would import. */
export function renderDpgfDryRun(result: DpgfWorkflowResult, style: TerminalStyle): string {
  const lines = [
    style.bold(
      `Download: ${result.files_downloaded} files (${size(result.bytes_downloaded)}), ${result.files_unchanged} unchanged since their import`,
    ),
  ];
  for (const error of result.errors) lines.push(`  [${error.phase}] ${error.path}: ${error.message}`);
  lines.push('', style.bold(`Dry run: ${result.previews.length} files would be imported`));
  for (const preview of result.previews) {
    const elements = preview.lots.reduce((sum, lot) => sum + lot.elements, 0);
    lines.push(
      `${preview.path} [${preview.type} ${preview.confidence.toFixed(2)}] ${preview.client} / ${preview.project}: ${plural(preview.lots.length, 'lot')}, ${plural(elements, 'element')}`,
    );
    for (const lot of preview.lots)
      lines.push(
        `  sheet "${lot.sheet}": lot ${lot.number ?? '-'} ${lot.name}, ${lot.sections} sections, ${lot.elements} elements`,
      );
    for (const row of preview.first_rows)
      lines.push(
        style.dim(
          `    ${truncate(row.designation, 60)} | ${row.unit ?? ''} | ${amount(row.quantity)} | ${amount(row.unit_price)} | ${amount(row.total)}`,
        ),
      );
  }
  return lines.join('\n');
}
