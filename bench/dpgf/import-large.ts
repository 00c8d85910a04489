/**
 * Imports one workbook into a throw-away SQLite database as the import-file flow does (parsed in a thread as it is written)
 * and prints its element count and this process's peak RSS (bench/dpgf/main.ts runs it in a process of its own).
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { DPGF_ENTITIES, DPGF_MIGRATIONS, PricingImportRepository } from '@relais/domains/dpgf/persistence';
import { openDatabase } from '@relais/persistence';
import { ThreadedScheduleParser } from '../../apps/worker-dpgf/src/import/threaded-schedule.parser';

async function main(): Promise<void> {
  const [path, workdir] = process.argv.slice(2);
  const dataSource = await openDatabase(
    { kind: 'sqlite', path: join(workdir, 'large.sqlite') },
    { entities: DPGF_ENTITIES, migrations: DPGF_MIGRATIONS, migrationsTableName: 'dpgf_migrations' },
  );
  // What the process holds before the import (node, ts-node's TypeScript compiler, the modules, the database).
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
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `${counts.elements} elements imported in ${seconds.toFixed(1)} s (${(counts.elements / seconds).toFixed(0)} elements/s), peak RSS ${peakMb.toFixed(0)} MB (${beforeMb.toFixed(0)} MB before the import)`,
  );
}

void main();
