import { IsOptional } from 'class-validator';
import { defineFlow } from '@relais/contracts';
import { ConfinedPath } from './document-params';
import { DOCUMENTS_QUEUE } from './documents.queue';
import type { PipelineTestReport } from './pipeline-tests';

export class RegressionTestsParams {
  /** The baseline: a report of documents.automated-tests, relative to the reports folder. */
  @IsOptional()
  @ConfinedPath('report')
  baseline_report: string = 'baseline_test_report.json';
}

/** One figure compared with the baseline. */
export interface RegressionComparison {
  metric: string;
  baseline: number;
  current: number;
  /** How far it may move the wrong way before it counts as a regression. */
  tolerance: string;
  regressed: boolean;
}

export interface RegressionTestsResult {
  /** no_baseline: the baseline file does not exist (not an error: the current report can become it). */
  status: 'passed' | 'regression' | 'no_baseline';
  baseline_report: string;
  /** The report of this run, relative to the reports folder. */
  report_file: string;
  comparisons: RegressionComparison[];
  regressions: string[];
  current: Pick<PipelineTestReport, 'success_rate' | 'overall_score' | 'grade'>;
  report_id: string;
}

export const REGRESSION_TESTS_FLOW = defineFlow<RegressionTestsParams, RegressionTestsResult>({
  name: 'documents.regression-tests',
  queue: DOCUMENTS_QUEUE,
  description:
    'Runs the pipeline test suites and compares them with a baseline report: a regression when the success rate drops by more than 5 points or a metric passes its tolerance',
  params: RegressionTestsParams,
  timeoutMs: 30 * 60 * 1000,
});
