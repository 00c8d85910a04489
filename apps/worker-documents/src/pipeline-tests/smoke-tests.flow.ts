import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import {
  SMOKE_TESTS_FLOW,
  type SmokeTestsParams,
  type SmokeTestsResult,
  type TestCaseResult,
} from '@relais/domains/documents/contracts';
import { DocumentCorpus } from '@relais/domains/documents/corpus/document-corpus';
import type { ChunkMatch } from '@relais/ingest';
import { errorMessage, type FlowHandler, type RunContext } from '@relais/engine';
import { DocumentsHealthCheck } from '../health/documents-health.check';
import { SAMPLE_TOPICS, topicText } from './sample-documents';
import { TestBench } from './test-bench';

/** Size of the generated document: a few pages of text, about ten chunks. */
const DOCUMENT_CHARS = 9000;

/**
 * The seed's smoke_testing_flow, every morning: Chroma and the folders answer, a generated document of realistic
 * size goes through parsing, chunking, embedding and indexing, and a question finds it. In a scratch collection:
 * the corpus is never touched.
 */
@Injectable()
export class SmokeTestsFlow implements FlowHandler<typeof SMOKE_TESTS_FLOW> {
  readonly contract = SMOKE_TESTS_FLOW;

  constructor(
    private readonly corpus: DocumentCorpus,
    private readonly health: DocumentsHealthCheck,
  ) {}

  async run(ctx: RunContext<SmokeTestsParams>): Promise<SmokeTestsResult> {
    const started = Date.now();
    const healthChecks = await ctx.step('check-health', async (): Promise<TestCaseResult[]> => {
      const health = await this.health.check();
      return [
        {
          name: 'chroma answers',
          passed: health.chroma.up,
          detail: health.chroma.error ?? `${health.chroma.latency_ms} ms`,
          duration_ms: health.chroma.latency_ms ?? 0,
        },
        ...health.folders.map((folder) => ({
          name: `folder writable: ${folder.path}`,
          passed: folder.writable,
          detail: folder.error ?? 'writable',
          duration_ms: 0,
        })),
      ];
    });
    ctx.progress(30, 'health checked');
    // One step: the scratch collection is dropped at its end, so a retry must redo both halves.
    const pipelineChecks = await ctx.step('ingest-and-find', () => this.ingestAndFind(ctx.runId));
    const checks = [...healthChecks, ...pipelineChecks];
    const passed = checks.every((check) => check.passed);
    for (const check of checks.filter((candidate) => !candidate.passed))
      ctx.log.error(`${check.name}: ${check.detail}`);
    ctx.progress(100, passed ? 'all checks passed' : 'some checks failed');
    const result = { passed, checks, duration_ms: Date.now() - started };
    await ctx.report('json', 'documents-smoke-tests', result);
    if (!passed)
      throw new Error(
        `Smoke test failed: ${checks
          .filter((check) => !check.passed)
          .map((check) => check.name)
          .join(', ')}`,
      );
    return result;
  }

  private async ingestAndFind(runId: string): Promise<TestCaseResult[]> {
    const bench = new TestBench(this.corpus, `${runId}-smoke`);
    const marker = `smoketest${randomBytes(4).toString('hex')}`;
    const topic = SAMPLE_TOPICS[0];
    const text = `${topicText(topic, DOCUMENT_CHARS)}\n\nThe ${marker} procedure restarts the indoor unit after a power cut.`;
    const checks: TestCaseResult[] = [];
    try {
      const path = await bench.write('smoke-document.md', text);
      let started = performance.now();
      try {
        const result = await bench.ingestor.ingestFile(path, { source: 'smoke-document.md' });
        checks.push({
          name: 'generated document ingested',
          passed: result.status === 'indexed' && result.chunkCount > 1,
          detail: `${text.length} characters, ${result.chunkCount} chunks`,
          duration_ms: Math.round(performance.now() - started),
        });
      } catch (error) {
        checks.push({
          name: 'generated document ingested',
          passed: false,
          detail: errorMessage(error),
          duration_ms: 0,
        });
        return checks;
      }
      started = performance.now();
      const [best] = (await bench.search.search(`What does the ${marker} procedure do?`, 3)) as (
        ChunkMatch | undefined
      )[];
      checks.push({
        name: 'a question finds it',
        passed: best?.text.includes(marker) ?? false,
        detail: best ? `best passage score ${best.score.toFixed(3)}` : 'no passage found',
        duration_ms: Math.round(performance.now() - started),
      });
      return checks;
    } finally {
      await bench.dispose();
    }
  }
}
