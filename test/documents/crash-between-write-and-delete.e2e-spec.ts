import type { TestingModule } from '@nestjs/testing';
import type { ChildProcessByStdio } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { RunState } from '@relais/contracts';
import type { IngestFileResult } from '@relais/domains/documents/contracts';
import { documentsSettingsOf } from '@relais/domains/documents/settings/documents.settings';
import { RunLauncher } from '@relais/engine';
import { ChromaIndex, ChunkSearch, HashingEmbedder } from '@relais/ingest';
import { TypeormDocumentManifest } from '@relais/ingest/manifest';
import { FlowRunRepository } from '@relais/persistence';
import { spawnTsProcess, startProducer, waitForRunState } from '../engine/engine-harness';
import { startChromaServer, type ChromaTestServer } from '../support/chroma-test-server';
import { testConfig, testTempDir, waitFor, type TestConfig } from '../support/test-env';
import { startDocumentsWorker } from './documents-world';

/**
 * The worker process is killed (SIGKILL) after a changed file's new chunks are written and before its old ones
 * are deleted. The document stays searchable, with its new text, while no worker runs; the next worker finishes
 * the run and deletes the old chunks (LlamaIndex #22639 deleted first and lost the document).
 */
describe('a worker killed between writing new chunks and deleting the old ones', () => {
  let chroma: ChromaTestServer;
  let setup: TestConfig;
  let worker: TestingModule | undefined;
  let producer: TestingModule | undefined;
  let child: ChildProcessByStdio<null, Readable, Readable> | undefined;

  beforeAll(async () => {
    chroma = await startChromaServer(await testTempDir('chroma-parent-'));
    setup = await testConfig({
      CHROMA_URL: chroma.url,
      WORKER_LOCK_DURATION_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
    });
  }, 90_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await worker?.close();
    await producer?.close();
    await setup.cleanup();
    await chroma.process.stop();
  });

  const write = async (content: string): Promise<void> => {
    const path = join(setup.config.dataDir, 'documents', 'notice.txt');
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  };

  it('leaves the document searchable with its new chunks, and the next worker deletes the old ones', async () => {
    producer = await startProducer(setup.config);
    const launcher = producer.get(RunLauncher);
    const runs = producer.get(FlowRunRepository);
    const manifest = producer.get(TypeormDocumentManifest);
    const settings = documentsSettingsOf(setup.config);
    const embedder = new HashingEmbedder();
    const index = new ChromaIndex({ url: chroma.url, collectionPrefix: settings.collectionPrefix });
    const search = new ChunkSearch(embedder, index);
    worker = await startDocumentsWorker(setup.config);
    await write('Safety notice, version one: evacuate by the north stairs and meet in the car park. '.repeat(4));
    const first = await launcher.launch('documents.ingest-file', { file: 'documents/notice.txt' });
    await waitForRunState(runs, first.run.id, [RunState.COMPLETED], 30_000);
    const oldIds = (await manifest.findBySource('documents/notice.txt'))!.chunkIds;
    await worker.close();
    worker = undefined;

    const spawned = spawnTsProcess('test/documents/crashing-worker.main.ts', setup.env);
    child = spawned;
    let output = '';
    spawned.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    spawned.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => spawned.once('exit', (_code, signal) => resolve(signal)));
    await waitFor(() => output.includes('WORKER READY'), {
      timeoutMs: 120_000,
      message: () => `the worker:\n${output}`,
    });
    await write('Safety notice, version two: evacuate by the south stairs and meet on the lawn. '.repeat(4));
    const second = await launcher.launch('documents.ingest-file', { file: 'documents/notice.txt' });
    expect(await exited).toBe('SIGKILL');
    expect(output).toContain('CRASHING BEFORE THE DELETE');

    // No worker runs now: the new version answers, and the old chunks are still there, recorded as retired.
    const record = (await manifest.findBySource('documents/notice.txt'))!;
    expect(record).toMatchObject({
      state: 'indexed',
      retiredChunks: [{ ids: expect.arrayContaining(oldIds) as string[] }],
    });
    const [hit] = await search.search('which stairs to evacuate by', 1);
    expect(hit.text).toContain('version two');
    expect(hit.metadata.source).toBe('documents/notice.txt');

    worker = await startDocumentsWorker(setup.config);
    const finished = await waitForRunState(runs, second.run.id, [RunState.COMPLETED], 180_000);
    expect(finished.result as IngestFileResult).toMatchObject({ status: 'unchanged' });
    const after = (await manifest.findBySource('documents/notice.txt'))!;
    expect(after.retiredChunks).toBeNull();
    const collection = await index.collection(embedder.id, embedder.dimensions);
    expect((await collection.ids({ documentId: after.id })).sort()).toEqual([...after.chunkIds].sort());
    // Two worker processes start and a run waits out a dead worker's lock: on a loaded CI machine it took over 60 s.
  }, 240_000);
});
