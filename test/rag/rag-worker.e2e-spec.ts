import { Test, type TestingModule } from '@nestjs/testing';
import { RELAIS_CONFIG } from '@relais/config';
import { RunState } from '@relais/contracts';
import type { UpdateKnowledgeBaseResult } from '@relais/domains/rag/contracts';
import type { RagPageListResponse, RagQueryResponse } from '@relais/domains/rag/gateway/rag-api.responses';
import { DoctorPyKnowledgeBase, RAG_VECTOR_INDEX } from '@relais/domains/rag/knowledge/doctorpy-knowledge-base';
import { RunLauncher } from '@relais/engine';
import { ChromaIndex } from '@relais/ingest';
import { RecordingIndex } from '@relais/ingest/testing/recording-index';
import { ArtifactRepository, FlowRunRepository, StepRunRepository, type FlowRunEntity } from '@relais/persistence';
import { WorkerRagModule } from '../../apps/worker-rag/src/worker-rag.module';
import { NotificationRepository } from '@relais/notifications';
import { waitForRunState } from '../engine/engine-harness';
import { FakeMistral } from '../fakes/mistral.fake';
import { PythonDocsFake } from '../fakes/python-docs.fake';
import { callApi, startGateway, type RunningGateway } from '../gateway/gateway-harness';
import { testLogger } from '../support/capturing-test.logger';
import { startChromaServer, type ChromaTestServer } from '../support/chroma-test-server';
import { startScheduler } from '../scheduler/scheduler-harness';
import { testTempDir, waitFor } from '../support/test-env';

/** Few pages, so the runs stay quick; they hold every test question's page but the language reference's. */
const PAGES = [
  'tutorial/inputoutput.html',
  'tutorial/errors.html',
  'tutorial/controlflow.html',
  'tutorial/modules.html',
  'howto/sorting.html',
  'library/json.html',
];

describe('DoctorPy: the RAG worker and routes over python3-doc on loopback, a real Chroma and a fake Mistral', () => {
  const site = new PythonDocsFake();
  const mistral = new FakeMistral();
  let chroma: ChromaTestServer;
  let gateway: RunningGateway;
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
    await mistral.start();
    chroma = await startChromaServer(await testTempDir('chroma-parent-'));
    gateway = await startGateway({
      env: {
        CHROMA_URL: chroma.url,
        MISTRAL_API_KEY: mistral.apiKey,
        MISTRAL_API_URL: mistral.url,
        RAG_BASE_URL: site.docsUrl,
        RAG_PAGES: PAGES.join(','),
        RAG_DELAY_MS: '0',
        RAG_MIN_PAGES: '6',
        RAG_MIN_CHUNKS: '20',
        NOTIFY_POLL_MS: '50',
        ALERT_EVALUATION_INTERVAL_MS: '200',
      },
    });
    index = new RecordingIndex(new ChromaIndex({ url: chroma.url, collectionPrefix: 'doctorpy_docs' }));
    worker = await Test.createTestingModule({ imports: [WorkerRagModule] })
      .setLogger(testLogger)
      .overrideProvider(RELAIS_CONFIG)
      .useValue(gateway.config)
      .overrideProvider(RAG_VECTOR_INDEX)
      .useValue(index)
      .compile();
    await worker.init();
    base = worker.get(DoctorPyKnowledgeBase);
  });
  afterAll(async () => {
    await worker.close();
    await gateway.close();
    await gateway.cleanup();
    await chroma.process.stop();
    await mistral.stop();
    await site.stop();
  });

  it('builds the base through its gates, answers with the right page, then re-indexes only a changed page; max_documents deletes nothing', async () => {
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
    expect(built.gates[4].figure).toBe('4 of 4 questions retrieved their page');
    const report = (await worker.get(ArtifactRepository).findByRun(built.runId))[0];
    expect(report).toMatchObject({ kind: 'markdown', key: 'gate_report.md' });
    expect(report.content).toContain('| `enough-pages` | passed | 6 pages (at least 6) |');

    mistral.answer = () => 'Use open() with a mode such as "r+" [1].';
    const asked = await callApi<RagQueryResponse>(gateway, 'POST', '/api/rag/query', {
      body: { question: 'how do I open a file for reading and writing', k: 5 },
    });
    expect(asked.status).toBe(200);
    const io = asked.body.passages.find((passage) => passage.page === 'tutorial/inputoutput.html');
    expect(io).toMatchObject({
      url: `${site.docsUrl}tutorial/inputoutput.html`,
      title: '7. Input and Output',
      section: ['The Python Tutorial'],
    });
    expect(asked.body.answer).toMatchObject({
      text: 'Use open() with a mode such as "r+" [1].',
      citations: [{ number: 1, source: asked.body.passages[0].url, chunk_id: asked.body.passages[0].chunk_id }],
    });
    const refused = await callApi<{ fields: Record<string, string[]> }>(gateway, 'POST', '/api/rag/query', {
      body: { question: 'open a file', k: 51 },
    });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.fields)).toEqual(['k']);
    const pages = await callApi<RagPageListResponse>(gateway, 'GET', '/api/rag/pages?limit=2&offset=1');
    expect(pages.body).toMatchObject({ total: 6, limit: 2, offset: 1 });
    expect(pages.body.items.map((page) => page.page)).toEqual(['library/json.html', 'tutorial/controlflow.html']);
    expect(pages.body.items[0].content_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(pages.body.items[0].chunk_count).toBeGreaterThan(0);

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
    const sorting = await callApi<RagQueryResponse>(gateway, 'POST', '/api/rag/query', {
      body: { question: 'caseless order with str.casefold', k: 3 },
    });
    expect(sorting.body.passages[0]?.page).toBe('howto/sorting.html');

    // max_documents crawls the head of the list only, and never deletes the pages it left out.
    const partial = await completed({ validate: false, max_documents: 2 });
    expect(partial).toMatchObject({ pages_listed: 2, pages_crawled: 2, pages_removed: 0, pages_total: 6 });
  });

  it('fails the run at the gate an impossible threshold breaks, with the gate report saying so, and alerts', async () => {
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

    // The catalogue's run-failed rule alerts, as for any flow: the scheduler evaluates it.
    const scheduler = await startScheduler(gateway.config, []);
    try {
      const alertOf = async () =>
        (await scheduler.get(NotificationRepository).list({ limit: 10, alertsOnly: true })).find(
          (notification) => notification.event === 'run.failed' && JSON.stringify(notification.data).includes(run.id),
        );
      await waitFor(async () => (await alertOf()) !== undefined, { timeoutMs: 20_000 });
      expect((await alertOf())?.title).toContain('rag.update-knowledge-base');
    } finally {
      await scheduler.close();
    }
  });
});
