import { Injectable } from '@nestjs/common';
import {
  AUTOMATED_TESTS_FLOW,
  type AutomatedTestsParams,
  type AutomatedTestsResult,
} from '@relais/domains/documents/contracts';
import type { FlowHandler, RunContext } from '@relais/engine';
import { SuiteRunner } from './suite-runner';

/** The seed's automated_testing_flow: the chosen suites, each scored 0–100, a grade and a JSON report. */
@Injectable()
export class AutomatedTestsFlow implements FlowHandler<typeof AUTOMATED_TESTS_FLOW> {
  readonly contract = AUTOMATED_TESTS_FLOW;

  constructor(private readonly runner: SuiteRunner) {}

  async run(ctx: RunContext<AutomatedTestsParams>): Promise<AutomatedTestsResult> {
    const { report, file } = await this.runner.run(ctx, ctx.params.suites, 'automated_test_report');
    const summary = `${report.passed_tests}/${report.total_tests} tests passed, score ${report.overall_score} (${report.grade})`;
    if (report.grade === 'poor') ctx.log.error(summary);
    else ctx.log.info(summary);
    const reportId = await ctx.report('json', 'documents-test-report', report);
    ctx.progress(100, summary);
    return { ...report, report_file: file, report_id: reportId };
  }
}
