/**
 * `npm run bench:dpgf`: imports a generated corpus of price schedules (BENCH_DPGF_FILES files, default 100, of
 * 2 000 elements each: ≥ 200 000 elements) into SQLite and MariaDB, and compares the import's elements/s with a
 * baseline in the same run that bulk-inserts the same already-parsed rows (same chunk size, one transaction per
 * file; the faster of two runs), by wall time and by this process's CPU time (both of its threads: the import
 * parses in a worker thread). The corpus is imported one file at a time, then BENCH_DPGF_AT_ONCE (default 4) at
 * once, as dpgf.workflow does with parallel_import and max_workers 4 (the seed's setting for 50–200 files), then
 * replaced by new versions. Then the peak RSS of importing a ~50 MB workbook (bench/dpgf/import-large.js), in a
 * process of its own running the compiled dist/ (built first when older than the sources), as the worker runs. Targets (issue 14): ≥ 20 000 elements/s on SQLite, ratio ≥ 0.5, peak RSS < 400 MB.
 * BENCH_DBS (default "sqlite mariadb"), BENCH_MYSQL_URL (default: a throw-away MariaDB), BENCH_CPU_PROFILE (a
 * folder: the CPU profile of the parallel import), BENCH_DPGF_CHUNK (rows per INSERT, import and baseline alike:
 * default 1 000; the flows' chunk_size defaults to 100).
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import type { RelaisConfig } from '@relais/config';
import {
  DPGF_ENTITIES,
  DPGF_MIGRATIONS,
  insertElements,
  PricingImportRepository,
} from '@relais/domains/dpgf/persistence';
import { parsePriceSchedule } from '@relais/domains/dpgf/schedule/price-schedule.parser';
import type { ParsedElement, ParsedSchedule } from '@relais/domains/dpgf/schedule/price-schedule.types';
import { openDatabase } from '@relais/persistence';
import { ThreadedScheduleParser } from '../../apps/worker-dpgf/src/import/threaded-schedule.parser';
import { writeGeneratedDpgf } from '../../test/dpgf/fixtures/price-schedule-fixtures';
import { startMariaDbServer, type MariaDbTestServer } from '../../test/support/mariadb-test-server';
import { heapArguments } from '../../scripts/supervisor/heap-limits';
import { startCpuProfile } from '../throughput/cpu-profile';
import { builtScript } from '../support/built-dist';

const FILES = Number(process.env.BENCH_DPGF_FILES ?? 100);
const SECTIONS = 20;
const PER_SECTION = 100;
const CHUNK = Number(process.env.BENCH_DPGF_CHUNK ?? 1000);
/** Imports in flight for the parallel measurement: the seed's max_workers for 50–200 files, with parallel_import. */
const AT_ONCE = Number(process.env.BENCH_DPGF_AT_ONCE ?? 4);
const DBS = (process.env.BENCH_DBS ?? 'sqlite mariadb').split(/[\s,]+/).filter(Boolean);

/** Where the warm-up parse's elements go: nowhere. */
const NO_SINK = { batchSize: CHUNK, write: () => Promise.resolve(), endLot: () => Promise.resolve() };

async function openPricing(database: RelaisConfig['database']): Promise<DataSource> {
  return openDatabase(database, {
    entities: DPGF_ENTITIES,
    migrations: DPGF_MIGRATIONS,
    migrationsTableName: 'dpgf_migrations',
  });
}

/**
 * Parse + import every file, one transaction each, parsed (in a thread) as it is written: what the import-file
 * flow does, `atOnce` files at a time. The thread is started before the clock (a worker process starts it once).
 */
async function importCorpus(
  dataSource: DataSource,
  paths: string[],
  parser: ThreadedScheduleParser,
  { version = 0, atOnce = 1, root = 'Bench' }: { version?: number; atOnce?: number; root?: string } = {},
): Promise<Timed> {
  const repository = new PricingImportRepository(dataSource);
  let elements = 0;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let next = 0;
  // `atOnce` imports in flight, each taking the next file when it ends: what dpgf.workflow's parallel_import does
  // with max_workers = atOnce (its import-file runs on one DPGF worker).
  const importNext = async (): Promise<void> => {
    for (let index = next++; index < paths.length; index = next++) {
      const imported = await importOne(index);
      elements += imported;
    }
  };
  const importOne = async (index: number): Promise<number> => {
    const path = paths[index];
    const relativePath = `${root}/Projet ${index}/DPGF-lot 1.xlsx`;
    const counts = await repository.importStreamed(
      {
        source: 'file',
        sourceId: path,
        path: relativePath,
        // Another version of the same path replaces the previous import (its rows are deleted in the transaction).
        sha256: (version * paths.length + index).toString(16).padStart(64, '0'),
        sizeBytes: 0,
      },
      'DPGF',
      (sink) => parser.parse(path, { relativePath, type: 'DPGF' }, sink),
      CHUNK,
    );
    return counts.elements;
  };
  await Promise.all(Array.from({ length: atOnce }, importNext));
  return { ms: performance.now() - started, cpuMs: cpuMsSince(cpuStarted), elements };
}

/** The baseline's input: every file parsed beforehand (not timed). */
async function parseCorpus(paths: string[]): Promise<ParsedSchedule[]> {
  const parsed: ParsedSchedule[] = [];
  for (const path of paths)
    parsed.push(await parsePriceSchedule(path, { relativePath: 'Bench/Projet/DPGF-lot 1.xlsx', type: 'DPGF' }));
  return parsed;
}

/** The baseline: the same parsed rows, bulk-inserted with the same INSERTs, one transaction per file, no parsing. */
async function bulkInsert(dataSource: DataSource, schedules: ParsedSchedule[]): Promise<Timed> {
  const [client] = await dataSource.query<{ id: number }[]>('SELECT id_section AS id FROM sections LIMIT 1');
  let elements = 0;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  for (const schedule of schedules) {
    const rows: [number, ParsedElement][] = schedule.lots.flatMap((lot) =>
      lot.sections.flatMap((section) =>
        section.elements.map((element): [number, ParsedElement] => [client.id, element]),
      ),
    );
    await dataSource.transaction(async (manager) => {
      for (let start = 0; start < rows.length; start += CHUNK)
        await insertElements(manager, rows.slice(start, start + CHUNK));
    });
    elements += rows.length;
  }
  return { ms: performance.now() - started, cpuMs: cpuMsSince(cpuStarted), elements };
}

/**
 * Wall time, and this process's CPU time: on SQLite every step runs in this process, so the CPU ratio is the
 * same work compared without the other processes of a loaded machine (the wall ratio swings with the load).
 * On MariaDB the server's share is not in it: only the wall ratio says something there.
 */
interface Timed {
  ms: number;
  cpuMs: number;
  elements: number;
}

function cpuMsSince(started: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

async function mariaDb(workdir: string, servers: { mariadb?: MariaDbTestServer }): Promise<RelaisConfig['database']> {
  let server = process.env.BENCH_MYSQL_URL;
  if (!server) {
    servers.mariadb = await startMariaDbServer(workdir);
    server = servers.mariadb.url;
  }
  const connection = await createConnection(server);
  await connection.query('DROP DATABASE IF EXISTS relais_bench_dpgf');
  await connection.query('CREATE DATABASE relais_bench_dpgf CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
  await connection.end();
  return { kind: 'mysql', url: `${server.replace(/\/+$/, '')}/relais_bench_dpgf` };
}

/**
 * A ~50 MB workbook (300 000 elements with designations of ~470 characters), imported in a process of its own:
 * with V8's default heap sizing (which lets garbage pile up while memory is free), then with the DPGF worker's heap
 * limit (`--max-old-space-size`, scripts/supervisor/heap-limits.js: what every launcher gives the worker).
 */
async function peakRssOfLargeWorkbook(workdir: string): Promise<string[]> {
  // import-large.js runs the compiled code, as the worker does: dist/ is built first when it is older than the sources.
  builtScript('apps/worker-dpgf/src/import/threaded-schedule.parser.js');
  const path = join(workdir, 'large.xlsx');
  await writeGeneratedDpgf(path, 300, 1000, 1, 470);
  const { size } = await stat(path);
  const lines: string[] = [];
  for (const heap of [[], heapArguments('worker-dpgf')]) {
    await rm(join(workdir, 'large.sqlite'), { force: true });
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...heap, join(__dirname, 'import-large.js'), path, workdir],
      { maxBuffer: 1024 * 1024 },
    );
    lines.push(`${(size / 1024 / 1024).toFixed(1)} MB workbook, ${heap[0] ?? 'default heap'}: ${stdout.trim()}`);
  }
  return lines;
}

async function main(): Promise<void> {
  const workdir = await mkdtemp(join(tmpdir(), 'relais-bench-dpgf-'));
  const servers: { mariadb?: MariaDbTestServer } = {};
  try {
    const generationStarted = performance.now();
    const paths: string[] = [];
    for (let index = 0; index < FILES; index += 1) {
      const path = join(workdir, `corpus/DPGF-${index}.xlsx`);
      await writeGeneratedDpgf(path, SECTIONS, PER_SECTION, index);
      paths.push(path);
    }
    console.log(
      `Corpus: ${FILES} files × ${SECTIONS * PER_SECTION} elements, written in ${((performance.now() - generationStarted) / 1000).toFixed(1)} s`,
    );
    console.log(
      `database  ${'import of the corpus'.padEnd(52)} ${'elements/s'.padStart(10)} ${'baseline'.padStart(10)}  ratio (CPU time: ratio)`,
    );
    for (const db of DBS) {
      const database: RelaisConfig['database'] =
        db === 'sqlite' ? { kind: 'sqlite', path: join(workdir, 'pricing.sqlite') } : await mariaDb(workdir, servers);
      const dataSource = await openPricing(database);
      const parser = new ThreadedScheduleParser();
      try {
        await parser.parse(paths[0], { relativePath: 'Bench/Warm-up/DPGF.xlsx', type: 'DPGF' }, NO_SINK);
        const oneAtATime = await importCorpus(dataSource, paths, parser);
        const stopProfile = await startCpuProfile(process.env.BENCH_CPU_PROFILE);
        const atOnce = await importCorpus(dataSource, paths, parser, { version: 1, atOnce: AT_ONCE, root: 'Parallel' });
        await stopProfile(`dpgf-import-${db}`);
        // The faster of two: one bulk insert's speed swings by a third between runs, and a slow one flattered the ratio.
        const parsed = await parseCorpus(paths);
        const baselines = [await bulkInsert(dataSource, parsed), await bulkInsert(dataSource, parsed)];
        const baseline = baselines[0].ms <= baselines[1].ms ? baselines[0] : baselines[1];
        // A new version of every file: each import deletes the previous one's rows first (a nightly run's changes).
        const replaced = await importCorpus(dataSource, paths, parser, {
          version: 2,
          atOnce: AT_ONCE,
          root: 'Parallel',
        });
        const baselineRate = baseline.elements / (baseline.ms / 1000);
        const line = (label: string, run: Timed): string => {
          const rate = run.elements / (run.ms / 1000);
          const cpuRatio = run.elements / run.cpuMs / (baseline.elements / baseline.cpuMs);
          return `${db.padEnd(9)} ${label.padEnd(52)} ${rate.toFixed(0).padStart(10)} ${baselineRate.toFixed(0).padStart(10)}  ${(rate / baselineRate).toFixed(2)}  (${cpuRatio.toFixed(2)})`;
        };
        console.log(line('one file at a time', oneAtATime));
        console.log(line(`${AT_ONCE} files at once (parallel_import, max_workers ${AT_ONCE})`, atOnce));
        console.log(line(`re-import of new versions, ${AT_ONCE} at once (rows replaced)`, replaced));
      } finally {
        await parser.close();
        await dataSource.destroy();
      }
    }
    for (const line of await peakRssOfLargeWorkbook(workdir))
      console.log(`Peak RSS while importing a large workbook into SQLite: ${line}`);
  } finally {
    await servers.mariadb?.process.stop();
    await rm(workdir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
