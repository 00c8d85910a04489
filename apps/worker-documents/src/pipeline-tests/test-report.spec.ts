import type { PerformanceMeasurement, TestSuiteResult } from '@relais/domains/documents/contracts';
import { compareReports, gradeOf, testReport } from './test-report';

const suite = (
  name: TestSuiteResult['suite'],
  passed: number,
  total: number,
  score = (100 * passed) / total,
): TestSuiteResult => ({
  suite: name,
  score,
  passed,
  total,
  tests: [],
});
const performance = (p95: number, rss: number): PerformanceMeasurement => ({
  queries: 10,
  query_p50_ms: p95 / 2,
  query_p95_ms: p95,
  query_max_ms: p95,
  rss_mb: rss,
  heap_used_mb: rss / 2,
});

describe('test reports', () => {
  it('grade a score: ≥ 95 excellent, ≥ 85 good, ≥ 70 acceptable, else poor', () => {
    expect([100, 95, 94.9, 85, 70, 69.9].map(gradeOf)).toEqual([
      'excellent',
      'excellent',
      'good',
      'good',
      'acceptable',
      'poor',
    ]);
  });

  it('total the suites: success rate over every test, overall score the mean of the suites', () => {
    const report = testReport([suite('health', 4, 4), suite('query_quality', 5, 6, 80)], performance(20, 200), 0, 1500);

    expect(report).toMatchObject({
      total_tests: 10,
      passed_tests: 9,
      success_rate: 90,
      overall_score: 90,
      grade: 'good',
      duration_ms: 1500,
    });
  });

  it('find a regression when the success rate drops by more than 5 points or a metric passes its tolerance', () => {
    const baseline = testReport([suite('health', 10, 10), suite('robustness', 10, 10)], performance(100, 300), 0, 1);
    const same = testReport([suite('health', 10, 10), suite('robustness', 10, 10)], performance(140, 330), 0, 1);
    const worse = testReport([suite('health', 9, 10), suite('robustness', 8, 10)], performance(400, 300), 0, 1);

    expect(compareReports(baseline, same).filter((comparison) => comparison.regressed)).toEqual([]);
    expect(
      compareReports(baseline, worse)
        .filter((comparison) => comparison.regressed)
        .map((comparison) => comparison.metric),
    ).toEqual(['success_rate', 'overall_score', 'robustness.score', 'query_p95_ms']);
  });
});
