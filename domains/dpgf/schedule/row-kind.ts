import { normalisedText } from '../workbook/normalised-text';

const TOTAL_LINE =
  /^(sous[- ]?total|s\/total|total|montant total|montant (ht|ttc)|report|a reporter|reporte|tva|t\.v\.a|net a payer|recapitulatif)\b/;

/** A subtotal, total, carried-forward or VAT line: recognised, never imported as an element. */
export function isTotalLine(text: string): boolean {
  const start = text.trimStart();
  // Every alternative starts with one of these letters (accents aside): most designations are ruled out here.
  const first = start.charCodeAt(0) | 0x20;
  if (start.charCodeAt(0) < 128 && !TOTAL_LINE_FIRST_LETTERS.has(first)) return false;
  // The pattern is anchored at the start: normalising a 2 000-character designation whole cost more than its row.
  return TOTAL_LINE.test(normalisedText(start.slice(0, 40)));
}

const TOTAL_LINE_FIRST_LETTERS = new Set([...'stmran'].map((letter) => letter.charCodeAt(0)));

const LUMP_SUM_UNITS = new Set(['ft', 'fft', 'forfait', 'ens', 'ensemble', 'f', 'ff', 'fg', 'forf', 'forf.', 'ens.']);

/** `forfait`, `ens`…: a lump sum, whose quantity is 1 when the schedule leaves it empty. */
export function isLumpSumUnit(unit: string | null): boolean {
  if (unit === null) return false;
  // A schedule writes a handful of units thousands of times: each is normalised once.
  let known = lumpSumByUnit.get(unit);
  if (known === undefined) {
    known = LUMP_SUM_UNITS.has(normalisedText(unit));
    if (lumpSumByUnit.size >= MAX_REMEMBERED_UNITS) lumpSumByUnit.clear();
    lumpSumByUnit.set(unit, known);
  }
  return known;
}

const MAX_REMEMBERED_UNITS = 1000;
const lumpSumByUnit = new Map<string, boolean>();
