'use strict';
/*
 * Imports one workbook into a throw-away SQLite database as the import-file flow does (parsed in a thread as it is
 * written) and prints its element count and this process's peak RSS (bench/dpgf/main.ts runs it in a process of
 * its own). Plain JavaScript on the compiled dist/, as the DPGF worker runs in production: under ts-node the
 * TypeScript compiler alone held ~130 MB of the peak.
 */
require('reflect-metadata');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');

const DIST = join(__dirname, '..', '..', 'dist');
const { DPGF_ENTITIES, DPGF_MIGRATIONS, PricingImportRepository } = require(join(DIST, 'domains/dpgf/persistence'));
const { openDatabase } = require(join(DIST, 'libs/persistence/src'));
const { ThreadedScheduleParser } = require(join(DIST, 'apps/worker-dpgf/src/import/threaded-schedule.parser'));

async function main() {
  const [path, workdir] = process.argv.slice(2);
  const dataSource = await openDatabase(
    { kind: 'sqlite', path: join(workdir, 'large.sqlite') },
    { entities: DPGF_ENTITIES, migrations: DPGF_MIGRATIONS, migrationsTableName: 'dpgf_migrations' },
  );
  // What the process holds before the import (node, the modules, the database).
  const beforeMb = process.memoryUsage().rss / 1024 / 1024;
  const started = performance.now();
  const relativePath = 'Bench/Large/DPGF.xlsx';
  // The import-file flow's thread, with the DPGF worker's heap limit (the default), as a worker process runs it.
  const parser = new ThreadedScheduleParser();
  const counts = await new PricingImportRepository(dataSource).importStreamed(
    { source: 'file', sourceId: path, path: relativePath, sha256: '0'.repeat(64), sizeBytes: 0 },
    'DPGF',
    (sink) => parser.parse(path, { relativePath, type: 'DPGF' }, sink),
    1000,
  );
  await parser.close();
  const seconds = (performance.now() - started) / 1000;
  await dataSource.destroy();
  const peakMb = peakRssMb();
  console.log(
    `${counts.elements} elements imported in ${seconds.toFixed(1)} s (${(counts.elements / seconds).toFixed(0)} elements/s), peak RSS ${peakMb.toFixed(0)} MB (${beforeMb.toFixed(0)} MB before the import)`,
  );
}

/**
 * This process's own peak RSS (VmHWM, Linux): not process.resourceUsage().maxRSS, which Linux carries across
 * fork and exec, so that it reported the benchmark's own peak (429 MB after its imports) for a 190 MB import.
 */
function peakRssMb() {
  const kilobytes = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  if (!kilobytes) throw new Error('no VmHWM in /proc/self/status: the peak RSS is measured on Linux only');
  return Number(kilobytes[1]) / 1024;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
