import { normalisedText } from '../workbook/normalised-text';

const TOTAL_LINE =
  /^(sous[- ]?total|s\/total|total|montant total|montant (ht|ttc)|report|a reporter|reporte|tva|t\.v\.a|net a payer|recapitulatif)\b/;

/** A subtotal, total, carried-forward or VAT line: recognised, never imported as an element. */
export function isTotalLine(text: string): boolean {
  // The pattern is anchored at the start: normalising a 2 000-character designation whole cost more than its row.
  return TOTAL_LINE.test(normalisedText(text.trimStart().slice(0, 40)));
}

const LUMP_SUM_UNITS = new Set(['ft', 'fft', 'forfait', 'ens', 'ensemble', 'f', 'ff', 'fg', 'forf', 'forf.', 'ens.']);

/** `forfait`, `ens`…: a lump sum, whose quantity is 1 when the schedule leaves it empty. */
export function isLumpSumUnit(unit: string | null): boolean {
  return unit !== null && LUMP_SUM_UNITS.has(normalisedText(unit));
}
