import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional } from 'class-validator';
import { defineFlow, DistinctItems } from '@relais/contracts';
import { DOCUMENTS_QUEUE } from './documents.queue';
import { TEST_SUITES, type PipelineTestReport, type TestSuiteName } from './pipeline-tests';

export class AutomatedTestsParams {
  /** The suites to run (default: all). */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(TEST_SUITES.length)
  @DistinctItems()
  @IsIn(TEST_SUITES, { each: true, message: `each suite must be one of ${TEST_SUITES.join(', ')}` })
  suites: TestSuiteName[] = [...TEST_SUITES];
}

export interface AutomatedTestsResult extends PipelineTestReport {
  /** The report as a file, relative to the reports folder (what documents.regression-tests may compare with). */
  report_file: string;
  report_id: string;
}

export const AUTOMATED_TESTS_FLOW = defineFlow<AutomatedTestsParams, AutomatedTestsResult>({
  name: 'documents.automated-tests',
  queue: DOCUMENTS_QUEUE,
  description:
    'Runs the pipeline test suites (health, documents, query quality, performance, robustness): 0–100 scores, a grade and a JSON report',
  params: AutomatedTestsParams,
  timeoutMs: 30 * 60 * 1000,
});
