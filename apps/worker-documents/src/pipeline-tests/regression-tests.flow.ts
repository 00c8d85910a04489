import { Injectable } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import {
  REGRESSION_TESTS_FLOW,
  TEST_SUITES,
  type PipelineTestReport,
  type RegressionTestsParams,
  type RegressionTestsResult,
} from '@relais/domains/documents/contracts';
import { DocumentCorpus } from '@relais/domains/documents/corpus/document-corpus';
import { DocumentPaths } from '@relais/domains/documents/paths/document-paths';
import { NonRetryableError, type FlowHandler, type RunContext } from '@relais/engine';
import { SuiteRunner } from './suite-runner';
import { compareReports } from './test-report';

/**
 * The seed's regression_testing_flow: every suite, compared with a baseline report of documents.automated-tests. No
 * baseline yet is `no_baseline`, not a failure: the report this run writes can become it.
 */
@Injectable()
export class RegressionTestsFlow implements FlowHandler<typeof REGRESSION_TESTS_FLOW> {
  readonly contract = REGRESSION_TESTS_FLOW;

  constructor(
    private readonly corpus: DocumentCorpus,
    private readonly paths: DocumentPaths,
    private readonly runner: SuiteRunner,
  ) {}

  async run(ctx: RunContext<RegressionTestsParams>): Promise<RegressionTestsResult> {
    const baselineFile = this.paths.resolve('report', 'baseline_report', ctx.params.baseline_report);
    const baselineName = relative(this.corpus.settings.reportsDir, baselineFile);
    const baseline = await ctx.step('read-baseline', () => readBaseline(baselineFile, baselineName));
    const { report, file } = await this.runner.run(ctx, TEST_SUITES, 'regression_test_report');
    const current = { success_rate: report.success_rate, overall_score: report.overall_score, grade: report.grade };
    let result: Omit<RegressionTestsResult, 'report_id'>;
    if (!baseline) {
      ctx.log.warn(
        `No baseline at ${baselineName}: nothing to compare with. To make this run the baseline, copy ` +
          `${file} to ${baselineName} in the reports folder.`,
      );
      result = {
        status: 'no_baseline',
        baseline_report: baselineName,
        report_file: file,
        comparisons: [],
        regressions: [],
        current,
      };
    } else {
      const comparisons = compareReports(baseline, report);
      const regressions = comparisons
        .filter((comparison) => comparison.regressed)
        .map(
          (comparison) =>
            `${comparison.metric}: ${comparison.baseline} → ${comparison.current} (tolerance ${comparison.tolerance})`,
        );
      for (const regression of regressions) ctx.log.error(`Regression: ${regression}`);
      if (regressions.length === 0) ctx.log.info(`No regression against ${baselineName}`);
      result = {
        status: regressions.length > 0 ? 'regression' : 'passed',
        baseline_report: baselineName,
        report_file: file,
        comparisons,
        regressions,
        current,
      };
    }
    const reportId = await ctx.report('json', 'documents-regression-report', { ...result, report });
    ctx.progress(100, result.status);
    return { ...result, report_id: reportId };
  }
}

/** The baseline report, or null when there is none; a file that is not a test report fails the run. */
async function readBaseline(file: string, name: string): Promise<PipelineTestReport | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let parsed: Partial<PipelineTestReport>;
  try {
    parsed = JSON.parse(text) as Partial<PipelineTestReport>;
  } catch {
    throw new NonRetryableError(`baseline_report ${name} is not JSON`);
  }
  if (parsed.kind !== 'documents-test-report' || !Array.isArray(parsed.suites) || !parsed.performance) {
    throw new NonRetryableError(`baseline_report ${name} is not a report of documents.automated-tests`);
  }
  return parsed as PipelineTestReport;
}
