import { Test, type TestingModule } from '@nestjs/testing';
import { RELAIS_CONFIG } from '@relais/config';
import { RunState } from '@relais/contracts';
import type { UpdateKnowledgeBaseResult } from '@relais/domains/rag/contracts';
import { DoctorPyKnowledgeBase, RAG_VECTOR_INDEX } from '@relais/domains/rag/knowledge/doctorpy-knowledge-base';
import { RunLauncher } from '@relais/engine';
import { ChromaIndex } from '@relais/ingest';
import { RecordingIndex } from '@relais/ingest/testing/recording-index';
import { ArtifactRepository, FlowRunRepository, StepRunRepository, type FlowRunEntity } from '@relais/persistence';
import { WorkerRagModule } from '../../apps/worker-rag/src/worker-rag.module';
import { waitForRunState } from '../engine/engine-harness';
import { PythonDocsFake } from '../fakes/python-docs.fake';
import { testLogger } from '../support/capturing-test.logger';
import { startChromaServer, type ChromaTestServer } from '../support/chroma-test-server';
import { testConfig, testTempDir, type TestConfig } from '../support/test-env';

/** Few pages, so the runs stay quick; they hold every test question's page but the list comprehension one. */
const PAGES = [
  'tutorial/inputoutput.html',
  'tutorial/errors.html',
  'tutorial/controlflow.html',
  'tutorial/modules.html',
  'howto/sorting.html',
  'library/json.html',
];

describe('rag.update-knowledge-base on the RAG worker, over python3-doc on loopback and a real Chroma', () => {
  const site = new PythonDocsFake();
  let chroma: ChromaTestServer;
  let setup: TestConfig;
  let worker: TestingModule;
  let index: RecordingIndex;
  let base: DoctorPyKnowledgeBase;

  const runToEnd = async (params: Record<string, unknown>): Promise<FlowRunEntity> => {
    const { run } = await worker.get(RunLauncher).launch('rag.update-knowledge-base', params);
    return waitForRunState(worker.get(FlowRunRepository), run.id, ['COMPLETED', 'FAILED', 'CRASHED'], 120_000);
  };
  const completed = async (params: Record<string, unknown>): Promise<UpdateKnowledgeBaseResult & { runId: string }> => {
    const run = await runToEnd(params);
    expect(run.error).toBeNull();
    expect(run.state).toBe(RunState.COMPLETED);
    return { ...(run.result as UpdateKnowledgeBaseResult), runId: run.id };
  };

  beforeAll(async () => {
    await site.start();
    chroma = await startChromaServer(await testTempDir('chroma-parent-'));
    setup = await testConfig({
      CHROMA_URL: chroma.url,
      RAG_BASE_URL: site.docsUrl,
      RAG_PAGES: PAGES.join(','),
      RAG_DELAY_MS: '0',
      RAG_MIN_PAGES: '6',
      RAG_MIN_CHUNKS: '20',
    });
    index = new RecordingIndex(new ChromaIndex({ url: chroma.url, collectionPrefix: 'doctorpy_docs' }));
    worker = await Test.createTestingModule({ imports: [WorkerRagModule] })
      .setLogger(testLogger)
      .overrideProvider(RELAIS_CONFIG)
      .useValue(setup.config)
      .overrideProvider(RAG_VECTOR_INDEX)
      .useValue(index)
      .compile();
    await worker.init();
    base = worker.get(DoctorPyKnowledgeBase);
  });
  afterAll(async () => {
    await worker.close();
    await setup.cleanup();
    await chroma.process.stop();
    await site.stop();
  });

  it('builds the base through its gates, answers with the right page, then re-indexes only a changed page', async () => {
    const built = await completed({ validate: true });
    expect(built).toMatchObject({
      pages_listed: 6,
      pages_indexed: 6,
      pages_total: 6,
      collection: 'doctorpy_docs-hashing-v1-512',
    });
    expect(built.chunks_total).toBe(built.chunks_written);
    expect(await (await base.collection()).count()).toBe(built.chunks_total);
    expect(built.gates.map((gate) => [gate.gate, gate.passed])).toEqual([
      ['enough-pages', true],
      ['enough-chunks', true],
      ['every-chunk-embedded', true],
      ['index-matches-manifest', true],
      ['test-questions', true],
    ]);
    expect(built.gates[4].figure).toBe('3 of 3 questions retrieved their page');
    const report = (await worker.get(ArtifactRepository).findByRun(built.runId))[0];
    expect(report).toMatchObject({ kind: 'markdown', key: 'gate_report.md' });
    expect(report.content).toContain('| `enough-pages` | passed | 6 pages (at least 6) |');

    const matches = await base.search.search('how do I open a file for reading and writing', 5);
    expect(matches.map((match) => match.metadata.documentId)).toContain('tutorial/inputoutput.html');

    site.overrides.set(
      'howto/sorting.html',
      '<html><head><title>Sorting — Python</title></head><body><div class="body" role="main">' +
        '<h1>Sorting HOW TO</h1><p>Use <code>sorted()</code> with a <code>key</code> function, such as ' +
        '<code>key=str.casefold</code> for a caseless order.</p></div></body></html>',
    );
    index.calls.length = 0;
    site.notModifiedCount = 0;
    const daily = await completed({ validate: false });
    expect(daily).toMatchObject({
      pages_indexed: 1,
      indexed: ['howto/sorting.html'],
      pages_not_modified: 5,
      gates: [],
    });
    expect(site.notModifiedCount).toBe(5);
    const writes = index.calls.filter((call) => call.method === 'upsert' || call.method === 'delete');
    expect(writes.flatMap((call) => call.ids ?? []).every((id) => id.startsWith('howto/sorting.html_'))).toBe(true);
    const sorting = await base.search.search('caseless order with str.casefold', 3);
    expect(sorting[0]?.metadata.documentId).toBe('howto/sorting.html');
  });

  it('fails the run at the gate an impossible threshold breaks, with the gate report saying so', async () => {
    const run = await runToEnd({ validate: true, min_chunks: 10_000_000 });
    expect(run.state).toBe(RunState.FAILED);
    expect(run.error).toMatch(/^Validation gate enough-chunks failed: \d+ chunks \(at least 10000000\)$/);
    const steps = await worker.get(StepRunRepository).findByRun(run.id);
    const gateSteps = steps.filter((step) => step.name.startsWith('gate:'));
    // The gates after the failed one never ran.
    expect(Object.fromEntries(gateSteps.map((step) => [step.name, step.state]))).toEqual({
      'gate:enough-pages': 'COMPLETED',
      'gate:enough-chunks': 'FAILED',
    });
    const [report] = await worker.get(ArtifactRepository).findByRun(run.id);
    expect(report.content).toContain('**Failed at gate `enough-chunks`**');
    expect(report.content).toContain('| `every-chunk-embedded` | not run |  |');
    // One attempt: another would judge the same base.
    expect(run.attempts).toBe(1);
  });
});
