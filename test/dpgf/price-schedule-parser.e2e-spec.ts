import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parsePriceSchedule, elementCount } from '@relais/domains/dpgf/schedule/price-schedule.parser';
import type { ParsedSchedule } from '@relais/domains/dpgf/schedule/price-schedule.types';
import { testTempDir } from '../support/test-env';
import {
  LONG_DESIGNATION,
  writeBpu,
  writeCorrupt,
  writeNoHeader,
  writeTwoLotDpgf,
} from './fixtures/price-schedule-fixtures';

describe('Price schedule parser, on workbooks written with exceljs', () => {
  let directory: string;
  let dpgf: ParsedSchedule;

  beforeAll(async () => {
    directory = await testTempDir('dpgf-parser-');
    await writeTwoLotDpgf(join(directory, 'dpgf.xlsx'));
    dpgf = await parsePriceSchedule(join(directory, 'dpgf.xlsx'), {
      relativePath: 'Client du dossier/Projet du dossier/DPGF-lot 2 et 3.xlsx',
      type: 'DPGF',
    });
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('reads one lot per visible sheet, with client, project, date and lot from the title cells', () => {
    expect(dpgf).toMatchObject({ client: 'Habitat Sud', project: 'Résidence Les Pins', date: '2024-03-15' });
    expect(dpgf.lots.map((lot) => [lot.sheet, lot.number, lot.name])).toEqual([
      ['Lot 02 - Gros oeuvre', '2', 'GROS OEUVRE'],
      ['Lot 03 - Charpente', '3', 'CHARPENTE'],
    ]);
    expect(elementCount(dpgf)).toBe(11);
  });

  it('builds the section tree from 1 / 1.1 / 1.1.1 numbering, with parent links', () => {
    const sections = dpgf.lots[0].sections;
    expect(sections.map((section) => [section.number, section.level, section.parent])).toEqual([
      ['1', 1, null],
      ['1.1', 2, 0],
      ['1.2', 2, 0],
      ['2', 1, null],
    ]);
    expect(sections[1].elements.map((element) => element.article)).toEqual(['1.1.1', '1.1.2']);
  });

  it('nests A. under I. and returns to the top at II.', () => {
    const sections = dpgf.lots[1].sections;
    expect(sections.map((section) => [section.number, section.title, section.level, section.parent])).toEqual([
      ['I', 'OUVRAGES BOIS', 1, null],
      ['A', 'Charpente', 2, 0],
      ['B', 'Couverture', 2, 0],
      ['II', 'DIVERS', 1, null],
    ]);
  });

  it('reads French numbers as text, cached formula results, forfait and ens lines, and computes the missing amount', () => {
    const [, fouilles, remblais, beton] = dpgf.lots[0].sections;
    expect(fouilles.elements[1]).toMatchObject({ quantity: 35.5, unitPrice: 42, total: 1491, mismatch: false });
    expect(fouilles.elements[0]).toMatchObject({ quantity: 120, unitPrice: 18.5, total: 2220 });
    expect(remblais.elements).toHaveLength(1); // the hidden variant is left out
    expect(remblais.elements[0]).toMatchObject({ quantity: 1250, unitPrice: 12.4, total: 15500 });
    expect(beton.elements[0]).toMatchObject({ unit: 'forfait', quantity: 1, unitPrice: 3500, total: 3500 });
    expect(beton.elements[3]).toMatchObject({ quantity: 2000, unitPrice: 1.5, total: 3000 });
    const nettoyage = dpgf.lots[1].sections[3].elements[0];
    expect(nettoyage).toMatchObject({ unit: 'ens', quantity: 1, unitPrice: 450, total: 450 });
  });

  it('flags a line whose quantity × unit price is not its total, and keeps it as written', () => {
    const propreté = dpgf.lots[0].sections[3].elements[2];
    expect(propreté).toMatchObject({ quantity: 10, unitPrice: 100, total: 1500, mismatch: true });
    const flagged = dpgf.lots.flatMap((lot) => lot.sections.flatMap((s) => s.elements)).filter((e) => e.mismatch);
    expect(flagged).toHaveLength(1);
  });

  it('keeps a 2 000-character designation whole', () => {
    expect(dpgf.lots[0].sections[3].elements[1].designation).toBe(LONG_DESIGNATION);
    expect(LONG_DESIGNATION).toHaveLength(2000);
  });

  it('counts subtotal, total and hidden rows without importing them', () => {
    expect(dpgf.skipped).toEqual({ hidden: 1, subtotals: 3, notes: 0 });
  });

  it('reads a BPU without quantities', async () => {
    await writeBpu(join(directory, 'bpu.xlsx'));
    const bpu = await parsePriceSchedule(join(directory, 'bpu.xlsx'), {
      relativePath: 'Ville/Ecole/BPU.xlsx',
      type: 'BPU',
    });
    expect(bpu).toMatchObject({ client: 'Ville', project: 'Ecole', type: 'BPU' });
    const elements = bpu.lots[0].sections.flatMap((section) => section.elements);
    expect(elements.map((element) => [element.designation, element.unitPrice, element.quantity])).toEqual([
      ['Peinture acrylique sur murs', 12.5, null],
      ['Peinture glycéro sur boiseries', 18, null],
      ['Ragréage', 9.8, null],
    ]);
  });

  it('finds no lot in a workbook without a recognisable header, and names its sheets', async () => {
    await writeNoHeader(join(directory, 'none.xlsx'));
    const none = await parsePriceSchedule(join(directory, 'none.xlsx'), { relativePath: 'none.xlsx', type: 'DPGF' });
    expect(none.lots).toEqual([]);
    expect(none.sheetsWithoutHeader).toEqual(['Feuil1']);
  });

  it('refuses a corrupt file and a legacy .xls with a message saying what to do', async () => {
    await writeCorrupt(join(directory, 'corrupt.xlsx'));
    await expect(
      parsePriceSchedule(join(directory, 'corrupt.xlsx'), { relativePath: 'corrupt.xlsx', type: 'DPGF' }),
    ).rejects.toThrow(/corrupt\.xlsx is not a readable \.xlsx\/\.xlsm workbook/);
    await expect(
      parsePriceSchedule(join(directory, 'corrupt.xlsx'), { relativePath: 'old.xls', type: 'DPGF' }),
    ).rejects.toThrow(/save it as \.xlsx/);
  });
});
