/*
 * Ingestion benchmark (`npm run bench:ingest`): a generated corpus of PDF, Word, text and HTML documents of office
 * sizes goes through documents.batch (the worker app as its own process, child runs, the offline embedder, a real
 * Chroma), and is measured against a baseline in the same run that only adds the same chunks and embeddings to
 * Chroma in batches. Then a re-run of the unchanged folder (files/s, and Chroma writes counted by a proxy in front
 * of Chroma), question latencies at 10 000 chunks, and the worker's peak memory.
 *
 * BENCH_DOCS (default 600), BENCH_CONCURRENCY (files at once; default DOCUMENTS_MAX_PARALLEL's 3), BENCH_QUERIES
 * (200), BENCH_LARGE_FILES=1 (then also a PDF and a text file just under the 10 MB bound, to check the worker ingests
 * them within its heap limit). It builds dist/ when the worker is not built or older than the sources.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChromaClient } from 'chromadb';
import { RunState } from '@relais/contracts';
import { DOMAINS } from '@relais/domains';
import type { BatchResult } from '@relais/domains/documents/contracts';
import { DocumentCorpus } from '@relais/domains/documents/corpus/document-corpus';
import { DocumentsCorpusModule } from '@relais/domains/documents/integrations/documents-corpus.module';
import { EngineModule, RunLauncher } from '@relais/engine';
import { ChromaIndex, chromaClientFor } from '@relais/ingest';
import { FlowRunRepository, StepRunRepository, type FlowRunEntity } from '@relais/persistence';
import { startChromaServer, type ChromaTestServer } from '../../test/support/chroma-test-server';
import { startRedisServer, type RedisTestServer } from '../../test/support/redis-test-server';
import { fmt, percentile } from '../throughput/stats';
import { CountingProxy } from './counting-proxy';
import { corpusQuestions, writeCorpus, writeLargeFiles } from './corpus';
import { heapArguments } from '../../scripts/supervisor/heap-limits';
import { builtScript, ROOT } from '../support/built-dist';

const DOCS = Number(process.env.BENCH_DOCS ?? 600);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const CONCURRENCY = process.env.BENCH_CONCURRENCY ? Number(process.env.BENCH_CONCURRENCY) : undefined;
const EXTENSIONS = ['.pdf', '.docx', '.txt', '.html'];
const QUERY_CHUNKS = 10_000;

@Module({ imports: [EngineModule.forProducer({ domains: DOMAINS }), DocumentsCorpusModule] })
class BenchModule {}

/** The resident memory of a process now (`VmRSS`) or at its peak (`VmHWM`, Linux), in MB. */
function rssMb(pid: number, which: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${which}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024;
}

/** CPU seconds (user + system) a process has used so far (Linux). */
function cpuSeconds(pid: number): number {
  // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th, in clock ticks (100/s).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The process whose command line holds every one of `parts` (Chroma runs as a grandchild, behind a guard). */
function pidWith(...parts: string[]): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let command: string;
    try {
      command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch (error) {
      // A process that ended since /proc was listed is not the one sought.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    if (parts.every((part) => command.includes(part)) && !command.startsWith('bash')) return Number(entry);
  }
  return null;
}

async function runToEnd(launcher: RunLauncher, runs: FlowRunRepository, params: object): Promise<FlowRunEntity> {
  const { run } = await launcher.launch('documents.batch', params);
  for (;;) {
    const current = await runs.findById(run.id);
    if (
      current &&
      [RunState.COMPLETED, RunState.FAILED, RunState.CRASHED, RunState.CANCELLED].includes(current.state)
    ) {
      if (current.state !== RunState.COMPLETED)
        throw new Error(`batch ${run.id} ended ${current.state}: ${current.error}`);
      return current;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const script = builtScript('apps/worker-documents/src/main.js');
  const profile = env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${env.BENCH_CPU_PROFILE}`] : [];
  const args = [...heapArguments('worker-documents', env), ...profile, script];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Started \(pid \d+\)/.test(output)) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    });
    child.once('exit', (code) => reject(new Error(`the worker exited (${code}) before it started:\n${output}`)));
  });
}

/** Every record of a collection, with its embedding: the baseline's input. */
async function readAll(client: ChromaClient, name: string) {
  const collection = await client.getCollection({ name });
  const batch = await client.getMaxBatchSize();
  const records = {
    ids: [] as string[],
    embeddings: [] as number[][],
    documents: [] as string[],
    metadatas: [] as object[],
  };
  for (let offset = 0; ; offset += batch) {
    const page = await collection.get({ limit: batch, offset, include: ['embeddings', 'documents', 'metadatas'] });
    records.ids.push(...page.ids);
    records.embeddings.push(...page.embeddings);
    records.documents.push(...page.documents.map((document) => document ?? ''));
    records.metadatas.push(...page.metadatas.map((metadata) => metadata ?? {}));
    if (page.ids.length < batch) return records;
  }
}

/** The records whose source is under `folder`. */
function onlyFrom(records: Awaited<ReturnType<typeof readAll>>, folder: string): Awaited<ReturnType<typeof readAll>> {
  const keep = records.metadatas.map((metadata) =>
    String((metadata as { source?: unknown }).source).startsWith(folder),
  );
  const pick = <T>(items: T[]) => items.filter((_, index) => keep[index]);
  return {
    ids: pick(records.ids),
    embeddings: pick(records.embeddings),
    documents: pick(records.documents),
    metadatas: pick(records.metadatas),
  };
}

/** Adds `records` to a new collection in requests of `requestSize` records (default: the server's maximum); ms taken. */
async function baselineAdd(
  client: ChromaClient,
  records: Awaited<ReturnType<typeof readAll>>,
  name: string,
  requestSize?: number,
): Promise<number> {
  const collection = await client.createCollection({
    name,
    embeddingFunction: null,
    configuration: { hnsw: { space: 'cosine' } },
  });
  const batch = requestSize ?? (await client.getMaxBatchSize());
  const started = performance.now();
  for (let start = 0; start < records.ids.length; start += batch) {
    const end = start + batch;
    await collection.upsert({
      ids: records.ids.slice(start, end),
      embeddings: records.embeddings.slice(start, end),
      documents: records.documents.slice(start, end),
      metadatas: records.metadatas.slice(start, end) as never,
    });
  }
  const elapsed = performance.now() - started;
  await client.deleteCollection({ name });
  return elapsed;
}

/** Where a batch's time went (BENCH_TIMELINE=1): children's queue waits, their runs and their ingest steps. */
async function timeline(runs: FlowRunRepository, steps: StepRunRepository, batch: FlowRunEntity): Promise<void> {
  const children = await runs.findChildren(batch.id);
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);
  const waits = children.map((child) => (child.startedAt ?? 0) - child.createdAt);
  const durations = children.map((child) => (child.endedAt ?? 0) - (child.startedAt ?? 0));
  const ingest: number[] = [];
  for (const child of children) {
    for (const step of await steps.findByRun(child.id)) if (step.name === 'ingest') ingest.push(step.durationMs ?? 0);
  }
  const first = Math.min(...children.map((child) => child.startedAt ?? Infinity));
  const last = Math.max(...children.map((child) => child.endedAt ?? 0));
  console.log(
    `timeline: batch ${(batch.endedAt ?? 0) - batch.createdAt} ms; children from +${first - batch.createdAt} ms to +${last - batch.createdAt} ms; ` +
      `child wait ${fmt(mean(waits), 0)} ms, run ${fmt(mean(durations), 0)} ms, ingest step ${fmt(mean(ingest), 0)} ms (means); ` +
      `busy ${fmt(durations.reduce((a, b) => a + b, 0) / (last - first), 2)} children at once`,
  );
}

async function main(): Promise<void> {
  const workdir = await mkdtemp(join(tmpdir(), 'relais-bench-ingest-'));
  const dataDir = join(workdir, 'data');
  let redis: RedisTestServer | undefined;
  let chroma: ChromaTestServer | undefined;
  let worker: ChildProcess | undefined;
  let proxy: CountingProxy | undefined;
  try {
    [redis, chroma] = await Promise.all([startRedisServer(workdir), startChromaServer(workdir)]);
    proxy = new CountingProxy(chroma.url);
    const proxyUrl = await proxy.start();
    Object.assign(process.env, {
      DATABASE_URL: `sqlite:${join(workdir, 'bench.sqlite')}`,
      REDIS_URL: redis.url,
      REDIS_PREFIX: `bench${randomBytes(3).toString('hex')}`,
      RELAIS_DATA_DIR: dataDir,
      CHROMA_URL: proxyUrl,
      WORKER_CONCURRENCY: '20',
      LOG_LEVEL: 'warn',
    });

    let started = performance.now();
    const files = await writeCorpus(join(dataDir, 'documents', 'bench'), DOCS);
    await writeCorpus(join(dataDir, 'documents', 'warmup'), 8, 99);
    const textChars = files.reduce((sum, file) => sum + file.textChars, 0);
    const bytes = files.reduce((sum, file) => sum + file.bytes, 0);
    console.log(
      `Corpus: ${files.length} documents (${['pdf', 'docx', 'txt', 'html'].map((format) => `${files.filter((file) => file.format === format).length} ${format}`).join(', ')}), ` +
        `${fmt(bytes / 1_048_576, 1)} MB on disk, ${fmt(textChars / files.length / 1000, 1)} K characters of text each on average ` +
        `(written in ${fmt((performance.now() - started) / 1000, 1)} s)`,
    );

    const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
    try {
      // The worker is its own process, as npm start runs it: its memory is measured alone.
      worker = await startWorker({ ...process.env, LOG_LEVEL: 'info' });
      const rssAtStart = rssMb(worker.pid ?? 0, 'VmRSS');
      const launcher = app.get(RunLauncher);
      const runs = app.get(FlowRunRepository);
      const corpus = app.get(DocumentCorpus);
      const client = chromaClientFor(chroma.url);
      const batchParams = { folder: 'documents/bench', extensions: EXTENSIONS, concurrency: CONCURRENCY };
      await runToEnd(launcher, runs, { ...batchParams, folder: 'documents/warmup' });

      // 1. First ingestion through the flows.
      proxy.reset();
      const chromaPid = pidWith('chromadb', workdir);
      const chromaCpu = () => (chromaPid === null ? NaN : cpuSeconds(chromaPid));
      const cpuBefore = { worker: cpuSeconds(worker.pid ?? 0), chroma: chromaCpu() };
      const first = await runToEnd(launcher, runs, batchParams);
      const cpuUsed = {
        worker: cpuSeconds(worker.pid ?? 0) - cpuBefore.worker,
        chroma: chromaCpu() - cpuBefore.chroma,
      };
      const writingMs = proxy.writingMs;
      const firstResult = first.result as BatchResult;
      const firstMs = (first.endedAt ?? 0) - first.createdAt;
      const flowChunksPerS = firstResult.chunks_written / (firstMs / 1000);
      const peakMb = rssMb(worker.pid ?? 0, 'VmHWM');
      if (process.env.BENCH_TIMELINE) await timeline(app.get(FlowRunRepository), app.get(StepRunRepository), first);
      const firstWrites = proxy.writes;

      // 2. Baseline: the same chunks and embeddings, added to Chroma in batches, nothing else.
      const collectionName = new ChromaIndex({
        url: chroma.url,
        collectionPrefix: corpus.settings.collectionPrefix,
      }).collectionName(corpus.embedder.id);
      // The bench folder's chunks only: the warm-up's are in the same collection.
      const records = onlyFrom(await readAll(client, collectionName), 'documents/bench/');
      const baselineMs = await baselineAdd(client, records, `bench_baseline_${randomBytes(3).toString('hex')}`);
      const baselineChunksPerS = records.ids.length / (baselineMs / 1000);
      // Chroma alone with requests of the flow's mean size: the most the flow could reach with requests that size
      // (each request costs Chroma a fixed share of CPU beside its chunks: docs/benchmarks.md, ingestion).
      const flowRequestSize = Math.max(1, Math.round(firstResult.chunks_written / Math.max(firstWrites, 1)));
      const sameRequestsMs = await baselineAdd(
        client,
        records,
        `bench_requests_${randomBytes(3).toString('hex')}`,
        flowRequestSize,
      );

      // 3. The unchanged folder again.
      proxy.reset();
      const second = await runToEnd(launcher, runs, batchParams);
      const secondResult = second.result as BatchResult;
      const secondMs = (second.endedAt ?? 0) - second.createdAt;
      const rerunWrites = proxy.writes;

      // 4. Questions at 10 000 chunks: the corpus's, topped up with copies when it has fewer.
      const collection = await client.getCollection({ name: collectionName });
      let count = await collection.count();
      for (let copy = 0; count < QUERY_CHUNKS; copy++) {
        const take = Math.min(records.ids.length, QUERY_CHUNKS - count, await client.getMaxBatchSize());
        await collection.add({
          ids: records.ids.slice(0, take).map((id) => `${id}:copy${copy}`),
          embeddings: records.embeddings.slice(0, take),
          documents: records.documents.slice(0, take),
          metadatas: records.metadatas.slice(0, take) as never,
        });
        count = await collection.count();
      }
      const times: number[] = [];
      for (const question of corpusQuestions(QUERIES)) {
        started = performance.now();
        await corpus.search.search(question, 3);
        times.push(performance.now() - started);
      }

      const ratio = flowChunksPerS / baselineChunksPerS;
      const filesPerS = secondResult.found / (secondMs / 1000);
      console.log(
        `\nIngestion benchmark (SQLite, worker concurrency 20, files at once ${CONCURRENCY ?? '3 (default)'})\n`,
      );
      const rows: [string, string, string][] = [
        [
          'first ingestion through documents.batch',
          `${firstResult.indexed} files indexed, ${firstResult.failed} failed, ${firstResult.chunks_written} chunks in ${fmt(firstMs / 1000, 2)} s: ${fmt(flowChunksPerS, 0)} chunks/s, ${fmt(firstResult.found / (firstMs / 1000), 1)} files/s`,
          '',
        ],
        [
          'baseline: the same chunks added in batches',
          `${records.ids.length} chunks in ${fmt(baselineMs / 1000, 2)} s: ${fmt(baselineChunksPerS, 0)} chunks/s`,
          '',
        ],
        ['ratio flow ÷ baseline', fmt(ratio), `target ≥ 0.50: ${ratio >= 0.5 ? 'met' : 'NOT met'}`],
        [
          `Chroma alone, ${flowRequestSize} chunks a request (flow's)`,
          `${fmt(sameRequestsMs / 1000, 2)} s: ratio ${fmt(baselineMs / sameRequestsMs)} of the baseline, the flow's ceiling`,
          '',
        ],
        [
          're-run, unchanged folder',
          `${secondResult.unchanged} unchanged of ${secondResult.found} in ${fmt(secondMs / 1000, 3)} s: ${fmt(filesPerS, 0)} files/s, ${rerunWrites} Chroma writes`,
          `target ≥ 1000 files/s and 0 writes: ${filesPerS >= 1000 && rerunWrites === 0 ? 'met' : 'NOT met'}`,
        ],
        [
          `questions at ${count} chunks (k = 3, ${QUERIES})`,
          `p50 ${fmt(percentile(times, 50), 1)} ms, p95 ${fmt(percentile(times, 95), 1)} ms`,
          '',
        ],
        [
          'worker peak RSS during ingestion',
          `${fmt(peakMb, 0)} MB (${fmt(rssAtStart, 0)} MB once started)`,
          `target < 500 MB: ${peakMb < 500 ? 'met' : 'NOT met'}`,
        ],
      ];
      for (const [what, value, verdict] of rows)
        console.log(`${what.padEnd(44)} ${value}${verdict ? `   (${verdict})` : ''}`);
      console.log(
        `\n(Chroma writes during the first ingestion: ${firstWrites} requests, at least one in flight ` +
          `${fmt(writingMs / 1000, 1)} s of its ${fmt(firstMs / 1000, 1)} s (${fmt((100 * writingMs) / firstMs, 0)} %); ` +
          `CPU: worker ${fmt(cpuUsed.worker, 1)} s, Chroma ${fmt(cpuUsed.chroma, 1)} s.)`,
      );

      if (process.env.BENCH_LARGE_FILES) {
        const large = await writeLargeFiles(join(dataDir, 'documents', 'large'), corpus.settings.ingest.maxBytes);
        started = performance.now();
        const run = await runToEnd(launcher, runs, { folder: 'documents/large', extensions: EXTENSIONS });
        const result = run.result as BatchResult;
        console.log(
          `\nLargest files: ${large.map((file) => `${file.name} ${fmt(file.bytes / 1_048_576, 1)} MB (${fmt(file.textChars / 1000, 0)} K characters)`).join(', ')}: ` +
            `${result.indexed} indexed, ${result.failed} failed, ${result.chunks_written} chunks in ${fmt((performance.now() - started) / 1000, 1)} s; ` +
            `worker peak RSS now ${fmt(rssMb(worker.pid ?? 0, 'VmHWM'), 0)} MB, heap limit ${heapArguments('worker-documents', process.env).join(' ')}`,
        );
        for (const file of result.files.filter((outcome) => outcome.status === 'failed'))
          console.log(`  ${file.source}: ${file.error_code ?? ''} ${file.error ?? ''}`);
      }
    } finally {
      worker?.kill('SIGTERM');
      await app.close();
    }
  } finally {
    await proxy?.stop();
    await chroma?.process.stop();
    await redis?.process.stop();
    await rm(workdir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
