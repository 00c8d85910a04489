import { Injectable } from '@nestjs/common';
import { RunState } from '@relais/contracts';
import {
  CLEANUP_OLD_FILES_FLOW,
  VECTOR_MAINTENANCE_FLOW,
  WEEKLY_MAINTENANCE_FLOW,
  type CleanupOldFilesResult,
  type VectorMaintenanceResult,
  type WeeklyMaintenanceParams,
  type WeeklyMaintenanceResult,
} from '@relais/domains/documents/contracts';
import { DocumentCorpus } from '@relais/domains/documents/corpus/document-corpus';
import type { FlowHandler, RunContext } from '@relais/engine';
import { DocumentsHealthCheck } from '../health/documents-health.check';
import { measureQueries } from '../pipeline-tests/query-timing';

/** Questions timed on the real corpus for the performance part (their answers do not matter, their latency does). */
const TIMED_QUESTIONS = [
  'What is the procedure to follow?',
  'Who approves the request and within how many days?',
  'Which safety rules apply?',
  'How often should the equipment be maintained?',
  'What does the contract say about payment terms?',
  'Where are the backups kept?',
  'What changed in the latest version?',
  'How do I report an incident?',
  'What are the opening hours?',
  'Which documents are required?',
];

/**
 * The seed's weekly_maintenance_flow: the vector maintenance and a cleanup of files older than 14 days as child
 * runs (they run side by side), then question latencies on the real corpus and a health check, in one report.
 */
@Injectable()
export class WeeklyMaintenanceFlow implements FlowHandler<typeof WEEKLY_MAINTENANCE_FLOW> {
  readonly contract = WEEKLY_MAINTENANCE_FLOW;

  constructor(
    private readonly corpus: DocumentCorpus,
    private readonly health: DocumentsHealthCheck,
  ) {}

  async run(ctx: RunContext<WeeklyMaintenanceParams>): Promise<WeeklyMaintenanceResult> {
    const maintenanceRunId = await ctx.startChild(VECTOR_MAINTENANCE_FLOW, {
      backup: ctx.params.backup,
      optimize: true,
    });
    const cleanupRunId = await ctx.startChild(CLEANUP_OLD_FILES_FLOW, {
      max_age_days: ctx.params.cleanup_max_age_days,
      include_uploads: true,
      include_exports: true,
      include_reports: false,
      dry_run: false,
    });
    const outcomes = await ctx.waitForChildren();
    const outcomeOf = (runId: string) => outcomes.find((outcome) => outcome.runId === runId);
    const maintenance = outcomeOf(maintenanceRunId);
    const cleanup = outcomeOf(cleanupRunId);
    const failedParts = [
      ...(maintenance?.state === RunState.COMPLETED ? [] : ['vector-maintenance']),
      ...(cleanup?.state === RunState.COMPLETED ? [] : ['cleanup-old-files']),
    ];
    for (const part of failedParts) ctx.log.error(`Weekly maintenance: ${part} did not complete`);
    ctx.progress(70, 'maintenance and cleanup done; measuring');

    const performance = await ctx.step('measure-performance', () =>
      measureQueries(this.corpus.search, TIMED_QUESTIONS),
    );
    const health = await ctx.step('check-health', () => this.health.check());
    const maintenanceResult = maintenance?.result as VectorMaintenanceResult | null | undefined;
    const cleanupResult = cleanup?.result as CleanupOldFilesResult | null | undefined;
    const result = {
      maintenance_run_id: maintenanceRunId,
      maintenance: maintenanceResult ? withoutReportId(maintenanceResult) : null,
      cleanup_run_id: cleanupRunId,
      cleanup: cleanupResult
        ? { files_deleted: cleanupResult.files_deleted, bytes_freed: cleanupResult.bytes_freed }
        : null,
      performance,
      health,
      failed_parts: failedParts,
    };
    const reportId = await ctx.report('json', 'documents-weekly-maintenance', result);
    ctx.log.info(
      `Weekly maintenance: health ${health.score}/100, question p95 ${performance.query_p95_ms} ms, ` +
        (failedParts.length === 0 ? 'every part completed' : `${failedParts.join(', ')} failed`),
    );
    if (failedParts.length > 0) throw new Error(`Weekly maintenance: ${failedParts.join(', ')} did not complete`);
    return { ...result, report_id: reportId };
  }
}

function withoutReportId(result: VectorMaintenanceResult): Omit<VectorMaintenanceResult, 'report_id'> {
  const { report_id: _reportId, ...rest } = result;
  return rest;
}
