import { Logger } from '@nestjs/common';
import type { ChannelName, Notification } from '../model/notification';
import type { AlertSourceReader, DeploymentFacts, EndedRun, SourcePosition } from '../persistence/alert-source.reader';
import type { AlertStateStore } from '../persistence/alert-state.store';
import type { NotificationRepository } from '../persistence/notification.repository';
import type { NotificationRuleEntity } from '../persistence/notification-rule.entity';
import type { RuleRepository } from '../persistence/rule.repository';
import type { AlertRule, AlertRuleOf, RuleKind } from './alert-rule';
import { StateBook, type DecidedNotification } from './alert-outcome';
import { applyFlowSilence } from './kinds/flow-silent.rule';
import { applyHealthResult, healthRuleReads } from './kinds/health-below.rule';
import { applyReport, reportKey, reportRuleMatches } from './kinds/report-produced.rule';
import { applyEndedRunToRunFailed, runFailedKey } from './kinds/run-failed.rule';
import { applyLongRuns } from './kinds/run-too-long.rule';
import { parseAlertRule } from './parse-alert-rule';
import { matchesRunFilter } from './run-filter';

/** How a pass reads; the defaults suit a few thousand runs a minute. */
export interface EvaluationSettings {
  /** Name of this installation in notifications. */
  source: string;
  /** How far behind its cursor a pass re-reads (late commits); re-read events are recognised, not re-alerted. */
  overlapMs: number;
  /** Events per page (one transaction each). Default 500. */
  pageSize?: number;
  /** Pages per source per pass; the rest waits for the next pass. Default 20. */
  maxPagesPerPass?: number;
  /** Characters of a Markdown or text report quoted in its notification. Default 4000. */
  reportExcerptChars?: number;
  /** Running runs inspected per pass by `run-too-long` rules. Default 1000. */
  runningLimit?: number;
}

/** What a pass did, for logs and the benchmark. */
export interface PassSummary {
  rules: number;
  invalidRules: string[];
  endedRuns: number;
  reports: number;
  notified: number;
  suppressed: number;
}

export const RUNS_CURSOR = 'runs';
export const REPORTS_CURSOR = 'reports';

/**
 * One evaluation pass over what the database records (never over callbacks from workers, so a run whose
 * worker was killed still alerts): ended runs and reports since the saved cursors, then the polled conditions
 * (long runs, silent flows). Each page's notifications, alert states and cursor are committed together; a
 * restart resumes from the cursor and re-read events are recognised by their dedupe keys or by the subject's
 * position. Callers run it under a lock (AlertEvaluationLoop): one evaluator at a time.
 */
export class AlertEvaluator {
  private readonly logger = new Logger(AlertEvaluator.name);
  /** Last pass's rules by id, with the stored row each was parsed from. */
  private parsedRules = new Map<string, ParsedRule>();

  constructor(
    private readonly rules: RuleRepository,
    private readonly reader: AlertSourceReader,
    private readonly store: AlertStateStore,
    private readonly notifications: NotificationRepository,
    private readonly settings: EvaluationSettings,
    private readonly configuredChannels: () => readonly ChannelName[],
    private readonly redact: (text: string) => string,
    private readonly onStored: (notifications: Notification[]) => void = () => undefined,
  ) {}

  async evaluate(now: number = Date.now()): Promise<PassSummary> {
    const { rules, invalid } = await this.loadRules();
    const summary: PassSummary = {
      rules: rules.length,
      invalidRules: invalid,
      endedRuns: 0,
      reports: 0,
      notified: 0,
      suppressed: 0,
    };
    if (rules.length === 0) return summary;
    const book = new StateBook(await this.store.loadStates());
    const deployments = await this.reader.deployments();
    const context = { book, deployments, now };
    // The common pass (one page per source) ends in a single transaction: commits are the costly part.
    const pending: PendingCommit = { book, decided: [], cursors: new Map(), stored: [] };

    const failed = ofKind(rules, 'run-failed');
    const health = ofKind(rules, 'health-below');
    if (failed.length + health.length > 0) {
      summary.endedRuns = await this.readSource(
        RUNS_CURSOR,
        now,
        (position, limit) => this.reader.endedRunsAfter(position, limit),
        (run) => ({ at: run.updatedAt, id: run.id }),
        (page) => this.applyEndedRuns(page, failed, health, context),
        pending,
      );
    }
    const reports = ofKind(rules, 'report-produced');
    if (reports.length > 0) {
      summary.reports = await this.readSource(
        REPORTS_CURSOR,
        now,
        (position, limit) => this.reader.reportsAfter(position, limit),
        (report) => ({ at: report.createdAt, id: report.id }),
        (page) => this.applyReports(page, reports, context),
        pending,
      );
    }
    pending.decided.push(
      ...(await this.applyPolled(ofKind(rules, 'run-too-long'), ofKind(rules, 'flow-silent'), context)),
    );
    await this.flush(pending, now);
    const stored = pending.stored;

    summary.notified = stored.filter((notification) => !notification.suppressed).length;
    summary.suppressed = stored.length - summary.notified;
    if (summary.notified > 0) this.onStored(stored.filter((notification) => !notification.suppressed));
    return summary;
  }

  /**
   * The enabled rules, parsed. Validating a hundred rules' params (class-transformer, class-validator) was a
   * quarter of a pass's CPU, every pass, for rules that rarely change: a rule is parsed again only when its stored
   * row differs from the one parsed last pass (by content, so a hand edit that leaves `updated_at` alone counts).
   */
  private async loadRules(): Promise<{ rules: AlertRule[]; invalid: string[] }> {
    const rules: AlertRule[] = [];
    const invalid: string[] = [];
    const parsed = new Map<string, ParsedRule>();
    for (const entity of await this.rules.findEnabled()) {
      const row = JSON.stringify(entity);
      let outcome = this.parsedRules.get(entity.id);
      if (outcome?.row !== row) outcome = { row, ...parseOrExplain(entity) };
      parsed.set(entity.id, outcome);
      if (outcome.rule) rules.push(outcome.rule);
      else {
        // One bad rule (edited by hand in the database) must not silence every other alert.
        invalid.push(entity.id);
        this.logger.warn(outcome.problem);
      }
    }
    // Only this pass's rules are kept: a deleted or disabled rule is forgotten.
    this.parsedRules = parsed;
    return { rules, invalid };
  }

  /**
   * Reads a source page by page from `overlapMs` before its cursor, applying each page and committing it with
   * the cursor moved to the newest event seen (never backwards). Returns the number of events read.
   */
  private async readSource<T>(
    name: string,
    now: number,
    read: (position: SourcePosition, limit: number) => Promise<T[]>,
    positionOf: (event: T) => SourcePosition,
    apply: (page: T[]) => Promise<DecidedNotification[]>,
    pending: PendingCommit,
  ): Promise<number> {
    const pageSize = this.settings.pageSize ?? 500;
    const saved = await this.store.cursor(name);
    // First pass: start at the present (a new install does not alert on history), minus the overlap.
    let cursor: SourcePosition = saved ?? { at: now, id: '' };
    let position: SourcePosition = { at: cursor.at - this.settings.overlapMs, id: '' };
    let count = 0;
    for (let page = 0; page < (this.settings.maxPagesPerPass ?? 20); page++) {
      const events = await read(position, pageSize);
      count += events.length;
      if (events.length > 0) {
        position = positionOf(events[events.length - 1]);
        // Never past this pass's own clock: a writer whose clock runs ahead would otherwise move the cursor
        // beyond runs that correct clocks write next (they would fall behind the overlap and be missed).
        if (isAfter(position, cursor)) cursor = position.at > now ? { at: now, id: '' } : position;
        pending.decided.push(...(await apply(events)));
      }
      if (events.length > 0 || !saved) pending.cursors.set(name, cursor);
      if (events.length < pageSize) break;
      // A full page: more may follow; commit this one now so that a long backlog is stored as it is read.
      await this.flush(pending, now);
    }
    return count;
  }

  private async applyEndedRuns(
    runs: EndedRun[],
    failedRules: AlertRuleOf<'run-failed'>[],
    healthRules: AlertRuleOf<'health-below'>[],
    { book, deployments, now }: PassContext,
  ): Promise<DecidedNotification[]> {
    const badFor = (rule: AlertRuleOf<'run-failed'>, run: EndedRun): boolean =>
      (rule.params.states?.length ? (rule.params.states as string[]) : ['FAILED', 'CRASHED']).includes(run.state) &&
      matchesRunFilter(rule.params, run, deployments);
    // Failures already notified (or archived as suppressed) by an earlier pass: read again in the overlap.
    const seen = await this.notifications.existingDedupeKeys(
      runs.flatMap((run) => failedRules.filter((rule) => badFor(rule, run)).map((rule) => runFailedKey(rule, run))),
    );
    const healthRuns = runs.filter((run) => healthRules.some((rule) => healthRuleReads(rule, run)));
    const results = await this.reader.runResults(healthRuns.map((run) => run.id));
    const decided: DecidedNotification[] = [];
    for (const run of runs) {
      for (const rule of failedRules) {
        if (badFor(rule, run) && seen.has(runFailedKey(rule, run))) continue;
        push(decided, applyEndedRunToRunFailed(rule, run, book, deployments, this.redact, now));
      }
      for (const rule of healthRules) push(decided, applyHealthResult(rule, run, results.get(run.id), book, now));
    }
    return decided;
  }

  private async applyReports(
    reports: Awaited<ReturnType<AlertSourceReader['reportsAfter']>>,
    rules: AlertRuleOf<'report-produced'>[],
    { book, now }: PassContext,
  ): Promise<DecidedNotification[]> {
    const origins = await this.reader.runOrigins([...new Set(reports.map((report) => report.runId))]);
    const flowOf = (runId: string): string | null => origins.get(runId)?.flowName ?? null;
    const matched = reports.filter((report) =>
      rules.some((rule) => reportRuleMatches(rule, report, flowOf(report.runId))),
    );
    const seen = await this.notifications.existingDedupeKeys(
      matched.flatMap((report) => rules.map((rule) => reportKey(rule, report))),
    );
    const quotable = matched.filter((report) => report.kind === 'markdown' || report.kind === 'text');
    const excerpts = await this.reader.reportExcerpts(
      quotable.map((report) => report.id),
      this.settings.reportExcerptChars ?? 4000,
    );
    const decided: DecidedNotification[] = [];
    for (const report of matched) {
      for (const rule of rules) {
        if (seen.has(reportKey(rule, report))) continue;
        const excerpt = excerpts.get(report.id);
        push(
          decided,
          applyReport(rule, report, flowOf(report.runId), excerpt ? this.redact(excerpt) : null, book, now),
        );
      }
    }
    return decided;
  }

  private async applyPolled(
    longRules: AlertRuleOf<'run-too-long'>[],
    silentRules: AlertRuleOf<'flow-silent'>[],
    { book, deployments, now }: PassContext,
  ): Promise<DecidedNotification[]> {
    const decided: DecidedNotification[] = [];
    if (longRules.length > 0) {
      const shortest = Math.min(...longRules.map((rule) => rule.params.minutes));
      const running = await this.reader.runningSince(now - shortest * 60_000, this.settings.runningLimit ?? 1000);
      const runningIds = new Set(running.map((run) => run.id));
      const firing = [...new Set(longRules.flatMap((rule) => book.firing(rule.id)))].filter(
        (id) => !runningIds.has(id),
      );
      const states = await this.reader.runStates(firing);
      for (const rule of longRules) decided.push(...applyLongRuns(rule, running, states, book, deployments, now));
    }
    const last = silentRules.length
      ? await this.reader.lastCompletedAt([...new Set(silentRules.map((rule) => rule.params.flow))])
      : new Map<string, number | null>();
    for (const rule of silentRules) {
      push(decided, applyFlowSilence(rule, last.get(rule.params.flow) ?? null, book, deployments, now));
    }
    return decided;
  }

  /** Commits what is pending (notifications, state changes, cursors) in one transaction. */
  private async flush(pending: PendingCommit, now: number): Promise<void> {
    const stored = await this.store.commit(
      pending.decided,
      pending.book.takeChanges(),
      [...pending.cursors].map(([name, position]) => ({ name, position })),
      { source: this.settings.source, configured: this.configuredChannels(), now },
    );
    pending.stored.push(...stored);
    pending.decided = [];
    pending.cursors.clear();
  }
}

/** A stored rule (as JSON) and what parsing it gave: the rule, or why it is invalid. */
interface ParsedRule {
  row: string;
  rule?: AlertRule;
  problem?: string;
}

function parseOrExplain(entity: NotificationRuleEntity): Omit<ParsedRule, 'row'> {
  try {
    return { rule: parseAlertRule(entity) };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

/** Conclusions of a pass not yet committed, and the notifications stored so far. */
interface PendingCommit {
  book: StateBook;
  decided: DecidedNotification[];
  cursors: Map<string, SourcePosition>;
  stored: Notification[];
}

interface PassContext {
  book: StateBook;
  deployments: ReadonlyMap<string, DeploymentFacts>;
  now: number;
}

function ofKind<K extends RuleKind>(rules: AlertRule[], kind: K): AlertRuleOf<K>[] {
  return rules.filter((rule): rule is AlertRuleOf<K> => rule.kind === kind);
}

function push<T>(list: T[], item: T | null): void {
  if (item) list.push(item);
}

function isAfter(a: SourcePosition, b: SourcePosition): boolean {
  return a.at > b.at || (a.at === b.at && a.id > b.id);
}
