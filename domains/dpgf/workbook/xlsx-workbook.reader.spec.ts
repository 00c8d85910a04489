import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { SheetRow } from './sheet-row';
import { readWorkbook } from './xlsx-workbook.reader';

/** A workbook written with exceljs holding each kind of cell the reader turns into text or a number. */
async function writeCellKinds(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const first = workbook.addWorksheet('Cellules');
  first.getCell('A1').value = { richText: [{ text: 'Maître ' }, { font: { bold: true }, text: "d'ouvrage" }] };
  first.getCell('B1').value = true;
  first.getCell('C1').value = { error: '#REF!' };
  first.getCell('D1').value = new Date(Date.UTC(2024, 2, 15));
  first.getCell('E1').value = { formula: 'E5*2', result: 2469 };
  first.getCell('F1').value = { formula: '"a"&"b"', result: 'ab' };
  first.getCell('A2').value = 'Titre fusionné';
  first.mergeCells('A2:C2');
  first.getCell('A3').value = 'ligne cachée';
  first.getRow(3).hidden = true;
  first.getCell('AB5').value = 1234.5;
  workbook.addWorksheet('Masquée', { state: 'hidden' }).getCell('A1').value = 'masquée';
  workbook.addWorksheet('Dernière').getCell('B2').value = 'fin';
  await workbook.xlsx.writeFile(path);
}

async function readAll(path: string, bufferUpToBytes?: number) {
  const sheets: { name: string; hidden: boolean; rows: SheetRow[] }[] = [];
  for await (const sheet of readWorkbook(path, { bufferUpToBytes })) {
    const rows: SheetRow[] = [];
    for await (const row of sheet.rows) rows.push(row);
    sheets.push({ name: sheet.name, hidden: sheet.hidden, rows });
  }
  return sheets;
}

describe('readWorkbook', () => {
  let directory: string;
  let path: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'relais-xlsx-reader-'));
    path = join(directory, 'cells.xlsx');
    await writeCellKinds(path);
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  // 0 bytes forces the streamed path (large files); the default reads this small file whole.
  it.each([
    ['read whole', undefined],
    ['streamed', 0],
  ])('reads every kind of cell as its shown value (%s)', async (_, bufferUpToBytes) => {
    const [cells, hidden, last] = await readAll(path, bufferUpToBytes);
    expect(cells.name).toBe('Cellules');
    expect(cells.rows[0]).toEqual({
      number: 1,
      hidden: false,
      cells: ["Maître d'ouvrage", 'oui', null, '2024-03-15', 2469, 'ab'],
    });
    expect(cells.rows[1].cells).toEqual(['Titre fusionné']); // B2 and C2, merged into A2, hold nothing
    expect(cells.rows[2]).toMatchObject({ number: 3, hidden: true, cells: ['ligne cachée'] });
    expect(cells.rows[3].number).toBe(5);
    expect(cells.rows[3].cells[27]).toBe(1234.5);
    expect(cells.rows).toHaveLength(4);
    expect([hidden.name, hidden.hidden, last.name, last.hidden]).toEqual(['Masquée', true, 'Dernière', false]);
    expect(last.rows).toEqual([{ number: 2, hidden: false, cells: [null, 'fin'] }]);
  });

  it('moves on to the next sheet when a sheet is read only in part', async () => {
    const firstRows: (string | number | null)[] = [];
    const names: string[] = [];
    for await (const sheet of readWorkbook(path)) {
      names.push(sheet.name);
      for await (const row of sheet.rows) {
        firstRows.push(row.cells[0]);
        break;
      }
    }
    expect(names).toEqual(['Cellules', 'Masquée', 'Dernière']);
    expect(firstRows).toEqual(["Maître d'ouvrage", 'masquée', null]);
  });

  it('refuses a file that is not a zip, and a zip that is not a workbook', async () => {
    await writeFile(join(directory, 'text.xlsx'), 'PK not really');
    await expect(readAll(join(directory, 'text.xlsx'))).rejects.toThrow(/text\.xlsx is not a readable/);
    const notWorkbook = new ExcelJS.Workbook();
    notWorkbook.addWorksheet('x');
    const buffer = Buffer.from(await notWorkbook.xlsx.writeBuffer());
    // The same zip with its workbook part renamed: the structure is gone.
    const renamed = Buffer.from(buffer.toString('latin1').replaceAll('xl/workbook.xml', 'xl/workbooq.xml'), 'latin1');
    await writeFile(join(directory, 'renamed.xlsx'), renamed);
    await expect(readAll(join(directory, 'renamed.xlsx'))).rejects.toThrow(/not a spreadsheet/);
  });
});
