import { mkdir, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { RunState } from '@relais/contracts';
import type { BatchResult, IngestFileResult, NightlyInboxResult } from '@relais/domains/documents/contracts';
import { InvalidParamsError } from '@relais/engine';
import { corruptPdf, imageOnlyPdf, latin1Text, textPdf, wordDocument } from '../fixtures/documents/document-files';
import { testTempDir } from '../support/test-env';
import { startDocumentsWorld, writesOf, type DocumentsWorld } from './documents-world';

const FOLDER = 'documents/corpus';
const EXTENSIONS = ['.pdf', '.docx', '.txt', '.html'];

describe('documents ingestion through the flows (real Redis, database and Chroma)', () => {
  let world: DocumentsWorld;

  beforeAll(async () => {
    world = await startDocumentsWorld();
    await world.write(
      `${FOLDER}/manual.pdf`,
      await textPdf(
        [
          ['# Heat pump manual', 'The heat pump draws warmth from the outside air and moves it indoors.'],
          ['# Care', 'Clean the air filter every three months: a clogged filter makes the compressor work harder.'],
        ],
        'Heat pump manual',
      ),
    );
    await world.write(
      `${FOLDER}/minutes.docx`,
      await wordDocument([
        { heading: 1, text: 'Board minutes' },
        'The board approved the budget for the new library roof, to be repaired before the winter rains.',
        'The treasurer will report on the roofing quotes at the next meeting.',
      ]),
    );
    await world.write(
      `${FOLDER}/notes.txt`,
      'Beekeeping notes. Varroa mites are treated in late summer with oxalic acid, after the honey harvest. '.repeat(3),
    );
    await world.write(
      `${FOLDER}/tatin.txt`,
      latin1Text(
        'Recette de la tarte Tatin : caramel au beurre salé, pommes reinettes, pâte brisée dorée au four. '.repeat(3),
      ),
    );
    await world.write(
      `${FOLDER}/volcano.html`,
      '<html><head><title>Volcanoes</title></head><body><nav>Home | Help</nav><main><h1>Volcanoes</h1>' +
        '<p>Seismographs and tiltmeters detect the swelling of the ground before a volcanic eruption.</p>' +
        '<p>Stratovolcanoes build steep cones from layers of lava and ash.</p></main><footer>Cookies</footer></body></html>',
    );
    await world.write(`${FOLDER}/broken.pdf`, corruptPdf());
    await world.write(`${FOLDER}/scan.pdf`, await imageOnlyPdf());
    await world.write(`${FOLDER}/ignored.md`, '# Not in the extensions asked\n\n'.repeat(10));
  }, 90_000);

  afterAll(async () => {
    await world.stop();
  });

  const batch = async (params: Record<string, unknown> = {}) => {
    const run = await world.runToEnd('documents.batch', { folder: FOLDER, extensions: EXTENSIONS, ...params });
    return { run, result: run.result as BatchResult };
  };
  const bestSource = async (question: string) => (await world.corpus.search.search(question, 1))[0]?.metadata.source;

  it('ingests PDF, DOCX, UTF-8 and Latin-1 text and HTML made by the test; a corrupt and an image-only PDF fail alone', async () => {
    const { run, result } = await batch();

    expect(run.state).toBe(RunState.COMPLETED);
    expect(result).toMatchObject({ found: 7, processed: 5, indexed: 5, unchanged: 0, failed: 2, success_rate: 71.4 });
    const bySource = new Map(result.files.map((file) => [file.source, file]));
    expect(bySource.get(`${FOLDER}/broken.pdf`)).toMatchObject({ status: 'failed', error_code: 'corrupt' });
    expect(bySource.get(`${FOLDER}/scan.pdf`)).toMatchObject({ status: 'failed', error_code: 'empty' });
    expect(bySource.get(`${FOLDER}/scan.pdf`)?.error).toMatch(/scanned or image-only PDF/);
    const children = await world.runs.findChildren(run.id);
    expect(children).toHaveLength(7);
    expect(children.filter((child) => child.state === RunState.FAILED)).toHaveLength(2);
    expect(result.chunks_written).toBe(result.chunks);

    expect(await bestSource('how often should I clean the filter of the heat pump')).toBe(`${FOLDER}/manual.pdf`);
    expect(await bestSource('did the board approve the roof budget')).toBe(`${FOLDER}/minutes.docx`);
    expect(await bestSource('when are varroa mites treated')).toBe(`${FOLDER}/notes.txt`);
    expect(await bestSource('caramel au beurre salé et pommes')).toBe(`${FOLDER}/tatin.txt`);
    expect(await bestSource('what detects ground swelling before an eruption')).toBe(`${FOLDER}/volcano.html`);
    const [filter] = await world.corpus.search.search('clean the air filter every three months', 1);
    expect(filter.metadata).toMatchObject({ format: 'pdf', page: 1, pageEnd: 2 });
    expect((await world.corpus.manifest.findBySource(`${FOLDER}/tatin.txt`))?.encoding).toBe('windows-1252');
  });

  it('re-runs an unchanged folder without a child run and without one write to Chroma', async () => {
    world.index.calls.length = 0;

    const { run, result } = await batch();

    expect(run.state).toBe(RunState.COMPLETED);
    expect(result).toMatchObject({ found: 7, processed: 5, unchanged: 5, indexed: 0, failed: 2, chunks_written: 0 });
    expect(await world.runs.findChildren(run.id)).toHaveLength(0);
    expect(writesOf(world.index)).toEqual([]);
  });

  it('replaces the chunks of a changed file: new ones written first, the old ones deleted', async () => {
    const before = (await world.corpus.manifest.findBySource(`${FOLDER}/notes.txt`))!;
    await world.write(
      `${FOLDER}/notes.txt`,
      'Beekeeping notes, revised. Swarms are caught in May with a bait hive and lemongrass oil. '.repeat(3),
    );
    world.index.calls.length = 0;

    const { result } = await batch();

    const notes = result.files.find((file) => file.source === `${FOLDER}/notes.txt`)!;
    expect(notes).toMatchObject({ status: 'indexed' });
    const child = await world.runs.findById(notes.run_id!);
    expect(child?.result as IngestFileResult).toMatchObject({
      reason: 'content-changed',
      replaced_chunks: before.chunkIds.length,
    });
    expect(writesOf(world.index)).toEqual([`upsert ${notes.chunks}`, `delete ${before.chunkIds.length}`]);
    const after = (await world.corpus.manifest.findBySource(`${FOLDER}/notes.txt`))!;
    expect(after.id).toBe(before.id);
    const collection = await world.index.collection(world.corpus.embedder.id, world.corpus.embedder.dimensions);
    expect((await collection.ids({ documentId: after.id })).sort()).toEqual([...after.chunkIds].sort());
    expect(await bestSource('how are swarms caught in May')).toBe(`${FOLDER}/notes.txt`);
    expect(result).toMatchObject({ indexed: 1, unchanged: 4 });
  });

  it('answers test queries with their best passages and whether they come from the batch', async () => {
    const { result } = await batch({ test_queries: ['bait hive for swarms', 'stratovolcano cones'] });

    expect(result.test_queries).toEqual([
      expect.objectContaining({ question: 'bait hive for swarms', from_batch: true }),
      expect.objectContaining({ question: 'stratovolcano cones', from_batch: true }),
    ]);
    expect(result.test_queries[0].results[0]).toMatchObject({ source: `${FOLDER}/notes.txt` });
  });

  it('refuses a folder outside the roots with the field named: .., an absolute path elsewhere, a symbolic link out', async () => {
    const outside = await testTempDir('outside-');
    await mkdir(join(world.setup.config.dataDir, 'documents'), { recursive: true });
    await symlink(outside, join(world.setup.config.dataDir, 'documents', 'elsewhere'));

    for (const [folder, problem] of [
      ['../secrets', /folder must not contain "\.\." segments/],
      ['documents/../../secrets', /folder must not contain "\.\." segments/],
      ['/etc', /folder must be inside/],
      [outside, /folder must be inside/],
      ['documents/elsewhere', /folder leads outside .* through a symbolic link/],
    ] as const) {
      const error = await world.launcher.launch('documents.batch', { folder }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidParamsError);
      expect((error as InvalidParamsError).fields.folder.join(' ')).toMatch(problem);
    }
    await expect(world.launcher.launch('documents.restore-backup', { backup: '../../relais.sqlite' })).rejects.toThrow(
      /backup must not contain/,
    );
  });

  it('takes the inbox at night: new files ingested, then moved to processed/<time>/ or failed/<time>/', async () => {
    await world.write(
      'inbox/parking.txt',
      'Parking rules: visitors park on level minus two, badges at reception. '.repeat(3),
    );
    await world.write('inbox/garbled.pdf', corruptPdf());
    await world.write('inbox/.incoming/half-uploaded.txt', 'an upload still arriving '.repeat(10));

    const run = await world.runToEnd('documents.nightly-inbox', {});

    expect(run.state).toBe(RunState.COMPLETED);
    const result = run.result as NightlyInboxResult;
    expect(result).toMatchObject({ watch_folder: 'inbox', found: 2, processed: 1, failed: 1 });
    const inbox = join(world.setup.config.dataDir, 'inbox');
    expect((await readdir(inbox)).sort()).toEqual(['.incoming', 'failed', 'processed']);
    expect(await readdir(join(inbox, result.processed_folder!))).toEqual(['parking.txt']);
    expect(await readdir(join(inbox, result.failed_folder!))).toEqual(['garbled.pdf']);
    expect(await bestSource('where do visitors park')).toBe('inbox/parking.txt');

    const again = await world.runToEnd('documents.nightly-inbox', {});
    expect(again.result).toMatchObject({ found: 0, processed: 0, failed: 0, moved: [] });
  });
});
