import { Injectable } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  PerformanceMeasurement,
  PipelineTestReport,
  TestSuiteName,
  TestSuiteResult,
} from '@relais/domains/documents/contracts';
import { DocumentCorpus } from '@relais/domains/documents/corpus/document-corpus';
import type { RunContext } from '@relais/engine';
import { fileTimestamp } from '../maintenance/file-timestamp';
import { PipelineTestSuites } from './pipeline-test-suites';
import { testReport } from './test-report';

/** Runs suites as durable steps of a run and writes their report under the reports folder. */
@Injectable()
export class SuiteRunner {
  constructor(
    private readonly corpus: DocumentCorpus,
    private readonly suites: PipelineTestSuites,
  ) {}

  /** Each suite a step (`suite:<name>`, not run again by a retry), then the report, written as `<prefix>_<time>.json`. */
  async run(
    ctx: RunContext,
    names: readonly TestSuiteName[],
    filePrefix: string,
  ): Promise<{ report: PipelineTestReport; file: string }> {
    const startedAt = await ctx.step('tests-started', () => Date.now());
    const results: TestSuiteResult[] = [];
    let performance: PerformanceMeasurement | undefined;
    for (const [index, name] of names.entries()) {
      const outcome = await ctx.step(`suite:${name}`, () => this.suites.run(name, ctx.runId));
      results.push(outcome.result);
      performance ??= outcome.performance;
      ctx.log.info(
        `Suite ${name}: ${outcome.result.passed}/${outcome.result.total} passed, score ${outcome.result.score}`,
      );
      for (const failed of outcome.result.tests.filter((test) => !test.passed)) {
        ctx.log.warn(`${name}: ${failed.name}: ${failed.detail}`);
      }
      ctx.progress((90 * (index + 1)) / names.length, `suite ${name} done`);
    }
    const memory = process.memoryUsage();
    const report = testReport(
      results,
      performance ?? {
        queries: 0,
        query_p50_ms: 0,
        query_p95_ms: 0,
        query_max_ms: 0,
        rss_mb: Math.round(memory.rss / 1_048_576),
        heap_used_mb: Math.round(memory.heapUsed / 1_048_576),
      },
      startedAt,
      Date.now(),
    );
    const file = await ctx.step('write-report', async () => {
      const name = `${filePrefix}_${fileTimestamp(new Date())}.json`;
      await mkdir(this.corpus.settings.reportsDir, { recursive: true });
      await writeFile(join(this.corpus.settings.reportsDir, name), JSON.stringify(report, null, 2));
      return name;
    });
    return { report, file };
  }
}
