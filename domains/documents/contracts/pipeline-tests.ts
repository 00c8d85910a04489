/** The suites of the document pipeline's tests (SPEC §2). */
export const TEST_SUITES = ['health', 'documents', 'query_quality', 'performance', 'robustness'] as const;
export type TestSuiteName = (typeof TEST_SUITES)[number];

/** ≥ 95 excellent, ≥ 85 good, ≥ 70 acceptable, else poor. */
export type TestGrade = 'excellent' | 'good' | 'acceptable' | 'poor';

export interface TestCaseResult {
  name: string;
  passed: boolean;
  detail: string;
  duration_ms: number;
}

export interface TestSuiteResult {
  suite: TestSuiteName;
  /** 0–100: the share of its tests passed (query quality: the share of expected keywords found). */
  score: number;
  passed: number;
  total: number;
  tests: TestCaseResult[];
}

/** Query latencies and memory, measured the same way by the tests and the weekly maintenance. */
export interface PerformanceMeasurement {
  queries: number;
  query_p50_ms: number;
  query_p95_ms: number;
  query_max_ms: number;
  rss_mb: number;
  heap_used_mb: number;
}

/** The JSON report of `documents.automated-tests`, and what `documents.regression-tests` compares. */
export interface PipelineTestReport {
  kind: 'documents-test-report';
  version: 1;
  started_at: string;
  duration_ms: number;
  suites: TestSuiteResult[];
  total_tests: number;
  passed_tests: number;
  /** passed ÷ total, in per cent. */
  success_rate: number;
  /** The mean of the suites' scores. */
  overall_score: number;
  grade: TestGrade;
  performance: PerformanceMeasurement;
}
