import { Test, type TestingModule } from '@nestjs/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { DOCUMENTS_VECTOR_INDEX, DocumentCorpus } from '@relais/domains/documents/corpus/document-corpus';
import { documentsSettingsOf, type DocumentsSettings } from '@relais/domains/documents/settings/documents.settings';
import { RunLauncher } from '@relais/engine';
import { ChromaIndex } from '@relais/ingest';
import { RecordingIndex } from '@relais/ingest/testing/recording-index';
import { FlowRunRepository, type FlowRunEntity } from '@relais/persistence';
import { WorkerDocumentsModule } from '../../apps/worker-documents/src/worker-documents.module';
import { waitForRunState } from '../engine/engine-harness';
import { startChromaServer, type ChromaTestServer } from '../support/chroma-test-server';
import { testLogger } from '../support/capturing-test.logger';
import { testConfig, testTempDir, type TestConfig } from '../support/test-env';

/** The documents worker in process, on a fresh database, Redis prefix and data directory, with a throw-away Chroma. */
export interface DocumentsWorld {
  setup: TestConfig;
  chroma: ChromaTestServer;
  worker: TestingModule;
  corpus: DocumentCorpus;
  settings: DocumentsSettings;
  /** Every call the worker makes to Chroma's index (reset it between steps of a test). */
  index: RecordingIndex;
  launcher: RunLauncher;
  runs: FlowRunRepository;
  /** Writes `content` at `path` relative to the data directory (folders created). */
  write(path: string, content: string | Buffer): Promise<string>;
  /** Launches a run and waits until it ends. */
  runToEnd(flow: string, params: Record<string, unknown>, timeoutMs?: number): Promise<FlowRunEntity>;
  stop(): Promise<void>;
}

const TERMINAL = ['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED'];

/** The documents worker in process on `config`, its Chroma calls recorded by `index` when given. */
export async function startDocumentsWorker(config: RelaisConfig, index?: RecordingIndex): Promise<TestingModule> {
  let builder = Test.createTestingModule({ imports: [WorkerDocumentsModule] })
    .setLogger(testLogger)
    .overrideProvider(RELAIS_CONFIG)
    .useValue(config);
  if (index) builder = builder.overrideProvider(DOCUMENTS_VECTOR_INDEX).useValue(index);
  const worker = await builder.compile();
  await worker.init();
  return worker;
}

export async function startDocumentsWorld(env: Record<string, string> = {}): Promise<DocumentsWorld> {
  const chroma = await startChromaServer(await testTempDir('chroma-parent-'));
  let setup: TestConfig | undefined;
  try {
    setup = await testConfig({ CHROMA_URL: chroma.url, WORKER_CONCURRENCY: '20', ...env });
    const settings = documentsSettingsOf(setup.config);
    const index = new RecordingIndex(new ChromaIndex({ url: chroma.url, collectionPrefix: settings.collectionPrefix }));
    const worker = await startDocumentsWorker(setup.config, index);
    const launcher = worker.get(RunLauncher);
    const runs = worker.get(FlowRunRepository);
    const ready = setup;
    return {
      setup: ready,
      chroma,
      worker,
      corpus: worker.get(DocumentCorpus),
      settings,
      index,
      launcher,
      runs,
      write: async (path, content) => {
        const absolute = join(ready.config.dataDir, path);
        await mkdir(dirname(absolute), { recursive: true });
        await writeFile(absolute, content);
        return absolute;
      },
      runToEnd: async (flow, params, timeoutMs = 60_000) => {
        const { run } = await launcher.launch(flow, params);
        return waitForRunState(runs, run.id, TERMINAL, timeoutMs);
      },
      stop: async () => {
        await worker.close();
        await chroma.process.stop();
        await ready.cleanup();
      },
    };
  } catch (error) {
    await chroma.process.stop();
    await setup?.cleanup();
    throw error;
  }
}

/** The index calls that write (upsert, delete, drop). */
export function writesOf(index: RecordingIndex): string[] {
  return index.calls
    .filter((call) => ['upsert', 'delete', 'dropCollection'].includes(call.method))
    .map((call) => `${call.method} ${call.ids?.length ?? ''}`.trim());
}
