import { join } from 'node:path';
import { RunState } from '@relais/contracts';
import type { DpgfWorkflowResult } from '@relais/domains/dpgf/contracts';
import { RunLogRepository } from '@relais/persistence';
import { FakeGemini } from '../fakes/gemini.fake';
import { startDpgfWorld, type DpgfWorld } from './dpgf-worker-harness';
import { writeUnnumberedHeadings } from './fixtures/price-schedule-fixtures';

describe('dpgf.workflow with use_gemini: ambiguous rows classified by Gemini (fake API), cached by content hash', () => {
  const gemini = new FakeGemini();
  let world: DpgfWorld;

  beforeAll(async () => {
    await gemini.start();
    world = await startDpgfWorld({ GEMINI_API_KEY: gemini.apiKey, GEMINI_BASE_URL: gemini.url });
  });

  afterAll(async () => {
    await world.stop();
    await gemini.stop();
  });

  const importFolder = async (folder: string, useGemini: boolean) => {
    const run = await world.runToEnd('dpgf.workflow', { root_folder: join(world.root, folder), use_gemini: useGemini });
    expect(run.error).toBeNull();
    expect(run.state).toBe(RunState.COMPLETED);
    return { result: run.result as DpgfWorkflowResult, runId: run.id };
  };
  const sectionTitles = async (path: string) =>
    (
      await world.pricing.query<{ titre_section: string }[]>(
        `SELECT s.titre_section FROM sections s JOIN lots l ON l.id_lot = s.id_lot JOIN dpgf d ON d.id_dpgf = l.id_dpgf
         WHERE d.fichier_source = ? ORDER BY s.id_section`,
        [path],
      )
    ).map((row) => row.titre_section);

  it('turns the unnumbered headings into sections, through a 429, asking about each distinct row once', async () => {
    await writeUnnumberedHeadings(join(world.root, 'a', 'DPGF-lot 1 titres sans numéro.xlsx'));
    gemini.rateLimitNext(1, 1);
    const { result, runId } = await importFolder('a', true);
    expect(result).toMatchObject({ files_imported: 1, elements: 4, sections: 2 });
    expect(await sectionTitles('DPGF-lot 1 titres sans numéro.xlsx')).toEqual([
      'GROS OEUVRE',
      'MENUISERIES EXTÉRIEURES',
    ]);
    expect(gemini.requests).toHaveLength(2); // the 429, then its retry
    expect(gemini.rowsSeen).toEqual([
      'GROS OEUVRE',
      'Nota : les prix comprennent la fourniture et la pose',
      'MENUISERIES EXTÉRIEURES',
    ]);
    const logs = await world.worker.get(RunLogRepository).findByRun(runId);
    expect(JSON.stringify([result, logs])).not.toContain(gemini.apiKey);

    // A new version of the file: its ambiguous rows are answered from the cache, Gemini is not asked again.
    await writeUnnumberedHeadings(join(world.root, 'a', 'DPGF-lot 1 titres sans numéro.xlsx'), true);
    const again = await importFolder('a', true);
    expect(again.result).toMatchObject({ files_imported: 1, elements: 5, sections: 2 });
    expect(gemini.requests).toHaveLength(2);
  });

  it('without use_gemini the rules alone leave those rows as notes', async () => {
    await writeUnnumberedHeadings(join(world.root, 'b', 'DPGF-lot 2 titres sans numéro.xlsx'));
    const { result } = await importFolder('b', false);
    expect(result).toMatchObject({ files_imported: 1, elements: 4, sections: 1 });
    expect(await sectionTitles('DPGF-lot 2 titres sans numéro.xlsx')).toEqual(['(sans section)']);
  });
});
