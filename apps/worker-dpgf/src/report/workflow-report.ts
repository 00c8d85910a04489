import type { DpgfWorkflowResult } from '@relais/domains/dpgf/contracts';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;
const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
const count = (value: number): string => value.toLocaleString('en-US');

/** The seed's text report: period, duration, results, data created, time per phase, then the errors. */
export function workflowReportText(result: Omit<DpgfWorkflowResult, 'report_ids'>): string {
  const durationMs = Date.parse(result.ended_at) - Date.parse(result.started_at);
  const lines = [
    `RAPPORT WORKFLOW DPGF${result.dry_run ? ' (DRY RUN: rien n’a été écrit)' : ''}`,
    '================================',
    '',
    `Période: ${result.started_at} → ${result.ended_at}`,
    `Durée totale: ${(durationMs / 60_000).toFixed(1)} minutes`,
    `Source: ${result.source}`,
    '',
    'RÉSULTATS GLOBAUX',
    '-----------------',
    `Fichiers analysés: ${result.files_scanned}${result.scan_mode === 'changes' ? ' (modifiés depuis le dernier passage)' : ''}`,
    `Fichiers identifiés: ${result.files_identified}`,
    `Fichiers téléchargés: ${result.files_downloaded} (${megabytes(result.bytes_downloaded)})`,
    `Fichiers inchangés: ${result.files_unchanged}`,
    `Fichiers importés: ${result.files_imported}`,
    `Fichiers déplacés ou renommés: ${result.files_moved}`,
    `Sources supprimées: ${result.sources_deleted}${result.imports_pruned > 0 ? ` (imports retirés: ${result.imports_pruned})` : ''}`,
    '',
    'DONNÉES CRÉÉES',
    '--------------',
    `Clients: ${count(result.clients)}`,
    `DPGF: ${count(result.dpgf)}`,
    `Lots: ${count(result.lots)}`,
    `Sections: ${count(result.sections)}`,
    `Éléments: ${count(result.elements)} (${count(result.mismatches)} avec écart quantité × prix ≠ total)`,
    '',
    'PERFORMANCE',
    '-----------',
    `Scan: ${seconds(result.phases_ms.scan)}`,
    `Identification: ${seconds(result.phases_ms.identify)}`,
    `Téléchargement: ${seconds(result.phases_ms.download)}`,
    `Import: ${seconds(result.phases_ms.import)}`,
  ];
  if (result.previews.length > 0) {
    lines.push('', 'APERÇU (dry run)', '----------------');
    for (const preview of result.previews) {
      const elements = preview.lots.reduce((sum, lot) => sum + lot.elements, 0);
      lines.push(
        `${preview.path} [${preview.type} ${preview.confidence}] ${preview.client} / ${preview.project}: ${preview.lots.length} lots, ${elements} éléments`,
      );
    }
  }
  if (result.deleted_sources.length > 0) {
    // Listed every night until pruned: priced data whose file is gone must not go unnoticed.
    lines.push(
      '',
      `SOURCES SUPPRIMÉES (${result.deleted_sources.length})`,
      '-------------------',
      'Fichiers disparus de la source; leurs données restent en base tant que prune_deleted ne les retire pas.',
    );
    for (const gone of result.deleted_sources)
      lines.push(`${gone.path} (disparu le ${gone.deleted_at})${gone.pruned ? ' — import retiré' : ''}`);
  }
  lines.push('', `ERREURS (${result.errors.length})`, '-------');
  for (const error of result.errors) lines.push(`[${error.phase}] ${error.path}: ${error.message}`);
  return `${lines.join('\n')}\n`;
}
