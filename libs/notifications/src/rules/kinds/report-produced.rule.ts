import type { ProducedReport } from '../../persistence/alert-source.reader';
import type { AlertRuleOf } from '../alert-rule';
import { observe, type DecidedNotification, type StateBook } from '../alert-outcome';

/** The dedupe key of a report's notification. */
export function reportKey(rule: AlertRuleOf<'report-produced'>, report: ProducedReport): string {
  return `report:${rule.id}:${report.id}`;
}

/** True when the rule notifies this report (keys and flows, when given, must match). */
export function reportRuleMatches(
  rule: AlertRuleOf<'report-produced'>,
  report: ProducedReport,
  flowName: string | null,
): boolean {
  if (rule.params.keys?.length && !rule.params.keys.includes(report.key)) return false;
  if (rule.params.flows?.length && !(flowName && rule.params.flows.includes(flowName))) return false;
  return true;
}

/** `report-produced`: each matching report is told (Markdown and text with an excerpt), per report key. */
export function applyReport(
  rule: AlertRuleOf<'report-produced'>,
  report: ProducedReport,
  flowName: string | null,
  excerpt: string | null,
  book: StateBook,
  now: number,
): DecidedNotification | null {
  if (!reportRuleMatches(rule, report, flowName)) return null;
  return observe(
    book,
    rule,
    report.key,
    { bad: true, at: report.createdAt, eventId: report.id },
    'occurrence',
    now,
    () => ({
      event: 'report.produced',
      title: `Report ready: ${report.key}${flowName ? ` (${flowName})` : ''}`,
      message: excerpt ?? `Report ${report.id} (${report.kind}) of run ${report.runId} is ready.`,
      severity: rule.severity,
      isAlert: false,
      data: { report_id: report.id, key: report.key, kind: report.kind, run_id: report.runId, flow: flowName },
      dedupeKey: reportKey(rule, report),
    }),
  );
}
