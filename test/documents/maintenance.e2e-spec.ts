import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RunState } from '@relais/contracts';
import type {
  AutomatedTestsResult,
  CleanupOldFilesResult,
  NightlyInboxResult,
  ProcessFolderResult,
  RegressionTestsResult,
  RestoreBackupResult,
  SmokeTestsResult,
  VectorMaintenanceResult,
  WeeklyMaintenanceResult,
} from '@relais/domains/documents/contracts';
import { textPdf } from '../fixtures/documents/document-files';
import { startDocumentsWorld, type DocumentsWorld } from './documents-world';

const TOPICS: Record<string, string> = {
  'bees.txt': 'Honey bees live in colonies with one queen, thousands of workers and a few drones in summer.',
  'volcano.txt': 'A volcano erupts when magma rises through the crust and escapes as lava, ash and gas.',
  'bread.txt': 'Sourdough bread rises thanks to wild yeast and lactic bacteria kept alive in a starter.',
  'trains.txt': 'Night trains leave the capital at ten and reach the coast by dawn, with couchettes and a bar car.',
};
const QUESTIONS = ['the queen of the colony', 'lava and ash', 'a starter of wild yeast', 'couchettes on night trains'];
const DAY_MS = 24 * 60 * 60 * 1000;

describe('documents maintenance and pipeline tests through the flows (real Redis, database and Chroma)', () => {
  let world: DocumentsWorld;

  beforeAll(async () => {
    world = await startDocumentsWorld();
    for (const [name, sentence] of Object.entries(TOPICS)) {
      // Numbered sentences: chunks of equal text would tie, and ties come back in any order.
      await world.write(
        `documents/kb/${name}`,
        Array.from({ length: 6 }, (_, n) => `${n + 1}. ${sentence}`).join('\n'),
      );
    }
    await world.write(
      'documents/kb/guide.pdf',
      await textPdf([['# Guide', 'The pond in the garden holds carp and frogs.']]),
    );
    const batch = await world.runToEnd('documents.batch', { folder: 'documents/kb', extensions: ['.txt', '.pdf'] });
    expect(batch.state).toBe(RunState.COMPLETED);
    await world.write(
      'inbox/archive-me.txt',
      'The caretaker keeps the archive room key in the lodge by the gate. '.repeat(3),
    );
    const nightly = await world.runToEnd('documents.nightly-inbox', {});
    expect((nightly.result as NightlyInboxResult).processed).toBe(1);
  }, 120_000);

  afterAll(async () => {
    await world.stop();
  });

  const answers = () =>
    Promise.all(
      QUESTIONS.map(async (question) =>
        (await world.corpus.search.search(question, 2)).map((match) => [match.metadata.source, match.id]),
      ),
    );
  const collection = () => world.corpus.index.collection(world.corpus.embedder.id, world.corpus.embedder.dimensions);

  it('backs up every collection, and a restore after a wipe gives the same counts and the same answers', async () => {
    const answersBefore = await answers();

    const maintenance = await world.runToEnd('documents.vector-maintenance', {});
    expect(maintenance.state).toBe(RunState.COMPLETED);
    const result = maintenance.result as VectorMaintenanceResult;
    expect(result.repair).toMatchObject({ consistent: true, orphans_found: 0, documents_missing_chunks: 0 });
    expect(result.before).toMatchObject({ documents: 6, manifest_chunks: result.before.index_chunks });
    expect(result.after.index_chunks).toBe(result.before.index_chunks);
    expect(result.backup).toMatchObject({ records: result.before.index_chunks });
    expect(result.backup!.backup).toMatch(/^chroma-\d{8}-\d{6}-\d{3}\.ndjson\.gz$/);
    expect(result.after.backup_bytes).toBeGreaterThan(0);

    for (const summary of await world.corpus.index.collections())
      await world.corpus.index.dropCollection(summary.embedderId);
    expect(await world.corpus.search.search('lava and ash', 2)).toEqual([]);

    const restore = await world.runToEnd('documents.restore-backup', { backup: result.backup!.backup });
    expect(restore.state).toBe(RunState.COMPLETED);
    const restored = restore.result as RestoreBackupResult;
    expect(restored).toMatchObject({
      records_restored: result.before.index_chunks,
      before: { index_chunks: 0 },
      after: { index_chunks: result.before.index_chunks, manifest_chunks: result.before.manifest_chunks },
      repair: { consistent: true, documents_missing_chunks: 0 },
    });
    expect(await answers()).toEqual(answersBefore);
  });

  it('keeps the newest backups only', async () => {
    for (let run = 0; run < 3; run++) {
      const kept = await world.runToEnd('documents.vector-maintenance', { optimize: false, keep_backups: 2 });
      expect(kept.state).toBe(RunState.COMPLETED);
    }
    const backups = (await readdir(world.settings.backupDir)).filter((name) => name.endsWith('.ndjson.gz'));
    expect(backups).toHaveLength(2);
  });

  it('repairs the index: orphan chunks deleted, missing ones indexed again from the file the inbox archived', async () => {
    const archived = (await world.corpus.manifest.findBySource('inbox/archive-me.txt'))!;
    const chunks = await collection();
    await chunks.delete(archived.chunkIds);
    const [bees] = await world.corpus.embedder.embed(['honey bees']);
    const [stray] = await chunks.query(bees, 1);
    await chunks.upsert([{ ...stray, id: 'stray-chunk', embedding: bees }]);

    const maintenance = await world.runToEnd('documents.vector-maintenance', { backup: false });

    const result = maintenance.result as VectorMaintenanceResult;
    expect(result.repair).toMatchObject({
      consistent: true,
      orphans_found: 1,
      orphans_deleted: 1,
      documents_missing_chunks: 1,
      reindexed: ['inbox/archive-me.txt'],
      reindex_failed: [],
    });
    expect(result.after.index_chunks).toBe(result.after.manifest_chunks);
    expect((await world.corpus.search.search('where is the archive room key', 1))[0].metadata.source).toBe(
      'inbox/archive-me.txt',
    );
  });

  it('cleans old files: a dry run lists them, a real run deletes them, the regression baseline stays', async () => {
    const old = Date.now() - 10 * DAY_MS;
    const files = [
      'inbox/processed/20200101-020000/old.txt',
      'inbox/failed/20200101-020000/old.pdf',
      'exports/old-export.csv',
      'reports/old-report.json',
      'reports/baseline_test_report.json',
    ];
    for (const file of files) {
      const path = await world.write(file, 'old content');
      await utimes(path, old / 1000, old / 1000);
    }
    await world.write('exports/fresh.csv', 'new content');

    const dryRun = await world.runToEnd('documents.cleanup-old-files', { dry_run: true });
    const listed = dryRun.result as CleanupOldFilesResult;
    expect(listed.files.map((file) => file.file).sort()).toEqual(files.slice(0, 3).sort());
    expect(listed).toMatchObject({ dry_run: true, files_deleted: 3, bytes_freed: 33 });
    expect((await readdir(join(world.setup.config.dataDir, 'exports'))).sort()).toEqual([
      'fresh.csv',
      'old-export.csv',
    ]);

    const cleanup = await world.runToEnd('documents.cleanup-old-files', { include_reports: true });
    const deleted = cleanup.result as CleanupOldFilesResult;
    expect(deleted.files.map((file) => file.file).sort()).toEqual(files.slice(0, 4).sort());
    expect(deleted.empty_folders_removed).toBeGreaterThanOrEqual(2);
    expect(await readdir(join(world.setup.config.dataDir, 'exports'))).toEqual(['fresh.csv']);
    expect(await readdir(join(world.setup.config.dataDir, 'reports'))).toContain('baseline_test_report.json');
    // The archived document's file is gone; the document stays searchable.
    expect(await world.corpus.manifest.findBySource('inbox/archive-me.txt')).toMatchObject({ state: 'indexed' });
  });

  it('runs the smoke test in a collection of its own and leaves no trace', async () => {
    const collectionsBefore = (await world.corpus.index.collections()).map((summary) => summary.name);
    const documentsBefore = await world.corpus.manifest.count();

    const smoke = await world.runToEnd('documents.smoke-tests', {});

    expect(smoke.state).toBe(RunState.COMPLETED);
    const result = smoke.result as SmokeTestsResult;
    expect(result.passed).toBe(true);
    expect(result.checks.map((check) => check.name)).toEqual(
      expect.arrayContaining(['chroma answers', 'generated document ingested', 'a question finds it']),
    );
    expect((await world.corpus.index.collections()).map((summary) => summary.name)).toEqual(collectionsBefore);
    expect(await world.corpus.manifest.count()).toBe(documentsBefore);
  });

  it('runs the automated tests: five suites scored 0–100, a grade and a JSON report', async () => {
    const run = await world.runToEnd('documents.automated-tests', {});

    expect(run.state).toBe(RunState.COMPLETED);
    const result = run.result as AutomatedTestsResult;
    expect(result.suites.map((suite) => suite.suite)).toEqual([
      'health',
      'documents',
      'query_quality',
      'performance',
      'robustness',
    ]);
    // The worker runs inside this Jest process, whose resident memory holds every suite run before this one: the
    // memory check may rightly fail here (1.4 GB was seen in CI). It must agree with the memory it measured.
    const memoryOk = result.performance.rss_mb < 1024;
    const isMemoryCheck = (name: string): boolean => name.startsWith('worker memory under');
    for (const suite of result.suites) {
      const memoryCheck = suite.tests.find((test) => isMemoryCheck(test.name));
      if (memoryCheck) expect(memoryCheck.passed).toBe(memoryOk);
      const failed = suite.tests.filter((test) => !test.passed && !isMemoryCheck(test.name));
      expect({ suite: suite.suite, failed }).toEqual({ suite: suite.suite, failed: [] });
      if (memoryOk || !memoryCheck) expect(suite.score).toBe(100);
    }
    if (memoryOk) expect(result).toMatchObject({ success_rate: 100, overall_score: 100, grade: 'excellent' });
    expect(result.performance.query_p95_ms).toBeLessThan(10_000);
    const written = JSON.parse(await readFile(join(world.settings.reportsDir, result.report_file), 'utf8')) as unknown;
    expect(written).toMatchObject({
      kind: 'documents-test-report',
      grade: result.grade,
      total_tests: result.total_tests,
    });
  });

  it('compares with a baseline: no_baseline without one, passed against itself, a regression past a tolerance', async () => {
    const missing = await world.runToEnd('documents.regression-tests', { baseline_report: 'no-such-baseline.json' });
    expect(missing.state).toBe(RunState.COMPLETED);
    expect(missing.result).toMatchObject({ status: 'no_baseline', comparisons: [] });

    const first = missing.result as RegressionTestsResult;
    const baseline = JSON.parse(await readFile(join(world.settings.reportsDir, first.report_file), 'utf8')) as {
      performance: { rss_mb: number; query_p95_ms: number };
      success_rate: number;
      overall_score: number;
      suites: { suite: string; score: number }[];
    };
    // The same report, except what the machine's load and this Jest process's memory decide: the query time swings
    // ×8 between two runs (CI saw 11.8 → 88.4 ms), and the performance suite's checks (query time, the worker's
    // memory, which here is this process's and grows with every suite before) pass in one run and fail in the next
    // (CI saw its score 100 → 67, and the overall score and success rate with it). Their tolerances are unit-tested
    // (test-report.spec.ts); every other suite's score is compared as is.
    baseline.performance.query_p95_ms = 1_000_000;
    baseline.success_rate = 0;
    baseline.overall_score = 0;
    for (const suite of baseline.suites) if (suite.suite === 'performance') suite.score = 0;
    await writeFile(join(world.settings.reportsDir, 'baseline_test_report.json'), JSON.stringify(baseline));
    const passed = await world.runToEnd('documents.regression-tests', {});
    expect(passed.result).toMatchObject({ status: 'passed', regressions: [] });

    // Only the memory regresses on purpose (the query time stays allowed, as above).
    baseline.performance.rss_mb = 1;
    await writeFile(join(world.settings.reportsDir, 'lean-baseline.json'), JSON.stringify(baseline));
    const regressed = await world.runToEnd('documents.regression-tests', { baseline_report: 'lean-baseline.json' });
    expect(regressed.state).toBe(RunState.COMPLETED);
    expect(regressed.result).toMatchObject({ status: 'regression' });
    expect((regressed.result as RegressionTestsResult).regressions).toEqual([
      expect.stringMatching(/^rss_mb: 1 → \d+/),
    ]);

    await writeFile(join(world.settings.reportsDir, 'not-a-report.json'), '{"hello":"world"}');
    const wrong = await world.runToEnd('documents.regression-tests', { baseline_report: 'not-a-report.json' });
    expect(wrong.state).toBe(RunState.FAILED);
    expect(wrong.error).toMatch(/not a report of documents.automated-tests/);
  });

  it('processes a folder: health before and after, the batch as a child run, a JSON report', async () => {
    await world.write(
      'documents/more/ferry.txt',
      'The ferry to the island leaves every hour from pier four in summer. '.repeat(3),
    );

    const run = await world.runToEnd('documents.process-folder', { folder: 'documents/more', extensions: ['.txt'] });

    expect(run.state).toBe(RunState.COMPLETED);
    const result = run.result as ProcessFolderResult;
    expect(result).toMatchObject({
      folder: 'documents/more',
      health_before: { score: 100, chroma: { up: true } },
      health_after: { score: 100, documents: { indexed: 7 } },
      batch: { found: 1, indexed: 1, failed: 0 },
    });
    expect(await readdir(world.settings.reportsDir)).toContain(result.report_file);
    expect((await world.runs.findChildren(run.id)).map((child) => child.flowName)).toEqual(['documents.batch']);
  });

  it('runs the weekly maintenance: maintenance and cleanup as child runs, performance and health in one report', async () => {
    const run = await world.runToEnd('documents.weekly-maintenance', { backup: false });

    expect(run.state).toBe(RunState.COMPLETED);
    const result = run.result as WeeklyMaintenanceResult;
    expect(result).toMatchObject({
      failed_parts: [],
      maintenance: { repair: { consistent: true } },
      cleanup: { files_deleted: 0 },
      health: { score: 100 },
      performance: { queries: 10 },
    });
    expect((await world.runs.findChildren(run.id)).map((child) => child.flowName).sort()).toEqual([
      'documents.cleanup-old-files',
      'documents.vector-maintenance',
    ]);
  });
});
