/**
 * bench:rag — the RAG knowledge base over python3-doc's HTML served on loopback (test/fakes/python-docs.fake.ts)
 * into a throw-away Chroma and the page manifest in a throw-away SQLite database (migrated as the apps do), with
 * the hashing embedder (so the figures measure crawling and indexing, not an API):
 *
 * 1. full build of BENCH_RAG_PAGES pages (default 120: tutorial, howto, reference, then library pages; `all`: every
 *    page of python3-doc, about 530);
 * 2. baseline: a forced refresh (every page fetched unconditionally, nothing re-indexed as no content changed);
 * 3. no-change incremental run: its 304 share (target: all) and Chroma writes (target: none);
 * 4. one page changed: seconds until a question about the new text retrieves it (target < 10 s).
 */
import { readdirSync } from 'node:fs';
import { DomainRegistry } from '@relais/domain-kit';
import { DOMAINS } from '@relais/domains';
import { ChromaIndex, HashingEmbedder } from '@relais/ingest';
import { openDatabase, platformTables } from '@relais/persistence';
import { RecordingIndex } from '@relais/ingest/testing/recording-index';
import { DocsCrawler } from '../../domains/rag/crawler/docs-crawler';
import { KnowledgeBaseIndexer } from '../../domains/rag/knowledge/knowledge-base.indexer';
import { TypeormPageManifest } from '../../domains/rag/persistence/typeorm-page-manifest';
import { PYTHON_DOCS_HTML, PythonDocsFake } from '../../test/fakes/python-docs.fake';
import { startChromaServer } from '../../test/support/chroma-test-server';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function pagesOf(folder: string): string[] {
  return readdirSync(join(PYTHON_DOCS_HTML, folder))
    .filter((name) => name.endsWith('.html'))
    .sort()
    .map((name) => `${folder}/${name}`);
}

/** Every page of python3-doc: the four folders the seed names first, then the others (not _static, _sources…). */
function everyPage(): string[] {
  const first = ['tutorial', 'howto', 'reference', 'library'];
  const others = readdirSync(PYTHON_DOCS_HTML, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_') && !first.includes(entry.name))
    .map((entry) => entry.name)
    .sort();
  const pages = [...first, ...others].flatMap((folder) =>
    readdirSync(join(PYTHON_DOCS_HTML, folder), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.html'))
      .sort()
      .map((name) => `${folder}/${name}`),
  );
  const topLevel = readdirSync(PYTHON_DOCS_HTML).filter((name) => name.endsWith('.html'));
  return [...pages, ...topLevel.sort()];
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

async function main(): Promise<void> {
  const requested = process.env.BENCH_RAG_PAGES ?? '120';
  const pages =
    requested === 'all'
      ? everyPage()
      : ['tutorial', 'howto', 'reference', 'library']
          .flatMap(pagesOf)
          .slice(0, Math.min(400, Math.max(1, Number(requested) || 120)));
  const site = await new PythonDocsFake().start();
  const scratch = await mkdtemp(join(tmpdir(), 'bench-rag-'));
  const chroma = await startChromaServer(scratch);
  const database = await openDatabase(
    { kind: 'sqlite', path: join(scratch, 'relais.sqlite') },
    platformTables(new DomainRegistry(DOMAINS)),
  );
  try {
    const embedder = new HashingEmbedder();
    const index = new RecordingIndex(new ChromaIndex({ url: chroma.url, collectionPrefix: 'doctorpy_docs' }));
    const collection = await index.collection(embedder.id, embedder.dimensions);
    const manifest = new TypeormPageManifest(database);
    const crawler = new DocsCrawler({ baseUrl: site.docsUrl, userAgent: 'RelaisBench/0.1', delayMs: 0 });
    const indexer = new KnowledgeBaseIndexer(crawler, manifest, collection, embedder, {
      chunkSize: 1200,
      chunkOverlap: 150,
    });
    const writes = (): number =>
      index.calls.filter((call) => call.method === 'upsert' || call.method === 'delete').length;

    const [built, buildSeconds] = await timed(() => indexer.update(pages));
    const [, baselineSeconds] = await timed(() => indexer.update(pages, { forceRefresh: true }));
    index.calls.length = 0;
    site.notModifiedCount = 0;
    const [quiet, quietSeconds] = await timed(() => indexer.update(pages));
    const quietWrites = writes();

    const changed = 'tutorial/inputoutput.html';
    site.overrides.set(
      changed,
      '<html><body><div class="body" role="main"><h1>Input and Output</h1><p>The zanzibar quokka flag opens a file twice.</p></div></body></html>',
    );
    const [answerable, answerSeconds] = await timed(async () => {
      await indexer.update(pages);
      const [vector] = await embedder.embed(['what does the zanzibar quokka flag do']);
      const hits = await collection.query(vector, 3);
      return hits.some((hit) => hit.metadata.documentId === changed);
    });

    const rows: [string, string][] = [
      ['pages', String(pages.length)],
      ['chunks', String(built.chunksWritten)],
      ['full build', `${buildSeconds.toFixed(1)} s, ${(pages.length / buildSeconds).toFixed(1)} pages/s`],
      [
        'baseline: forced refresh',
        `${baselineSeconds.toFixed(2)} s, ${(pages.length / baselineSeconds).toFixed(1)} pages/s`,
      ],
      [
        'no-change incremental',
        `${quietSeconds.toFixed(2)} s, ${(pages.length / quietSeconds).toFixed(1)} pages/s, ` +
          `${quiet.notModified.length}/${pages.length} answered 304, ${quietWrites} Chroma writes`,
      ],
      ['incremental vs forced refresh', `${(baselineSeconds / quietSeconds).toFixed(1)}x faster`],
      ['incremental vs full build', `${(buildSeconds / quietSeconds).toFixed(1)}x faster`],
      ['one-page change answerable', `${answerSeconds.toFixed(2)} s (${answerable ? 'retrieved' : 'NOT retrieved'})`],
    ];
    for (const [label, value] of rows) console.log(`${label.padEnd(32)} ${value}`);
    if (!answerable || quiet.notModified.length !== pages.length || quietWrites !== 0) process.exitCode = 1;
  } finally {
    await database.destroy();
    await site.stop();
    await chroma.process.stop();
    await rm(scratch, { recursive: true, force: true });
  }
}

void main();
