import type {
  PerformanceMeasurement,
  PipelineTestReport,
  RegressionComparison,
  TestGrade,
  TestSuiteResult,
} from '@relais/domains/documents/contracts';

/** ≥ 95 excellent, ≥ 85 good, ≥ 70 acceptable, else poor (SPEC §2). */
export function gradeOf(score: number): TestGrade {
  if (score >= 95) return 'excellent';
  if (score >= 85) return 'good';
  if (score >= 70) return 'acceptable';
  return 'poor';
}

/** The report of a run of the suites: totals, success rate, overall score (the suites' mean) and its grade. */
export function testReport(
  suites: TestSuiteResult[],
  performance: PerformanceMeasurement,
  startedAt: number,
  endedAt: number,
): PipelineTestReport {
  const total = suites.reduce((sum, suite) => sum + suite.total, 0);
  const passed = suites.reduce((sum, suite) => sum + suite.passed, 0);
  const overall = suites.length === 0 ? 0 : round1(suites.reduce((sum, suite) => sum + suite.score, 0) / suites.length);
  return {
    kind: 'documents-test-report',
    version: 1,
    started_at: new Date(startedAt).toISOString(),
    duration_ms: endedAt - startedAt,
    suites,
    total_tests: total,
    passed_tests: passed,
    success_rate: total === 0 ? 0 : round1((100 * passed) / total),
    overall_score: overall,
    grade: gradeOf(overall),
    performance,
  };
}

/** Points the success rate and the overall score may drop before it is a regression (SPEC §2). */
const RATE_TOLERANCE_POINTS = 5;
/** Points a suite's score may drop. */
const SUITE_TOLERANCE_POINTS = 10;

/**
 * The figures of `current` compared with `baseline`: a regression when the success rate or the overall score drops
 * by more than 5 points, a suite's score by more than 10, question latency (p95) grows by more than half (and
 * 50 ms), or memory by more than 30 % (and 50 MB).
 */
export function compareReports(baseline: PipelineTestReport, current: PipelineTestReport): RegressionComparison[] {
  const comparisons: RegressionComparison[] = [
    drop('success_rate', baseline.success_rate, current.success_rate, RATE_TOLERANCE_POINTS),
    drop('overall_score', baseline.overall_score, current.overall_score, RATE_TOLERANCE_POINTS),
  ];
  for (const suite of current.suites) {
    const before = baseline.suites.find((candidate) => candidate.suite === suite.suite);
    if (before) comparisons.push(drop(`${suite.suite}.score`, before.score, suite.score, SUITE_TOLERANCE_POINTS));
  }
  comparisons.push(
    growth('query_p95_ms', baseline.performance.query_p95_ms, current.performance.query_p95_ms, 0.5, 50),
    growth('rss_mb', baseline.performance.rss_mb, current.performance.rss_mb, 0.3, 50),
  );
  return comparisons;
}

function drop(metric: string, baseline: number, current: number, points: number): RegressionComparison {
  return { metric, baseline, current, tolerance: `-${points} points`, regressed: current < baseline - points };
}

function growth(metric: string, baseline: number, current: number, share: number, floor: number): RegressionComparison {
  const limit = baseline + Math.max(baseline * share, floor);
  return {
    metric,
    baseline,
    current,
    tolerance: `+${Math.round(share * 100)} % (at least +${floor})`,
    regressed: current > limit,
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
