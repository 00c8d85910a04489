import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocumentCorpus } from '@relais/domains/documents/corpus/document-corpus';
import { ChromaIndex, ChunkSearch, InMemoryDocumentManifest, Ingestor } from '@relais/ingest';
import { SAMPLE_TOPICS, topicText } from './sample-documents';

/**
 * A place of its own for one run's tests: files in a scratch folder, chunks in a scratch Chroma collection,
 * records in a manifest kept in memory. Nothing a test writes reaches the real corpus, its manifest or its
 * searches; `dispose()` drops the collection and the folder.
 */
export class TestBench {
  readonly ingestor: Ingestor;
  readonly search: ChunkSearch;
  private readonly index: ChromaIndex;

  readonly folder: string;

  /** `name`: unique to the run and its use (`<run id>-<suite>`): names the scratch folder and collection. */
  constructor(
    private readonly corpus: DocumentCorpus,
    name: string,
  ) {
    this.folder = join(corpus.settings.dataDir, 'tmp', 'pipeline-tests', name);
    const suffix = createHash('sha256').update(name).digest('hex').slice(0, 12);
    this.index = new ChromaIndex({ url: corpus.settings.chromaUrl, collectionPrefix: `pipeline_tests_${suffix}` });
    this.ingestor = new Ingestor({
      reader: corpus.reader,
      embedder: corpus.embedder,
      index: this.index,
      manifest: new InMemoryDocumentManifest(),
      chunking: corpus.chunking(),
    });
    this.search = new ChunkSearch(corpus.embedder, this.index);
  }

  async write(name: string, content: string | Buffer): Promise<string> {
    await mkdir(this.folder, { recursive: true });
    const path = join(this.folder, name);
    await writeFile(path, content);
    return path;
  }

  /** Writes and ingests each topic as a text file; returns the source of each topic. */
  async ingestTopics(): Promise<Map<string, string>> {
    const sources = new Map<string, string>();
    for (const topic of SAMPLE_TOPICS) {
      const path = await this.write(`${topic.name}.md`, topicText(topic, 2500));
      await this.ingestor.ingestFile(path, { source: `${topic.name}.md` });
      sources.set(topic.name, `${topic.name}.md`);
    }
    return sources;
  }

  async dispose(): Promise<void> {
    await this.index.dropCollection(this.corpus.embedder.id).catch(() => false);
    await rm(this.folder, { recursive: true, force: true });
  }
}
