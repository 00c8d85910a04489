import { normalisedText } from '../workbook/normalised-text';
import type { CellValue } from '../workbook/sheet-row';

/** Which column holds what, 0-based; null when the schedule has no such column (a BPU has no quantity). */
export interface ColumnMap {
  article: number | null;
  designation: number;
  unit: number | null;
  quantity: number | null;
  unitPrice: number | null;
  total: number | null;
}

type Role = Exclude<keyof ColumnMap, 'designation'> | 'designation';

// Tested against normalised text (no accents, lower case). Order matters: `prix unitaire` before `total`.
const ROLE_PATTERNS: [Role, RegExp][] = [
  ['unitPrice', /^(prix unitaire|p\.? ?u\.?|pu ht|prix u\b|prix unit|p\.u\. ?ht)/],
  ['total', /^(montant|total|prix total|prix global|prix ht|montant ht)/],
  ['quantity', /^(quantite|qte|qt\b|q\b|quant)/],
  ['unit', /^(u|un|unite|unites|u\.)$|^unite/],
  ['designation', /(designation|libelle|description|nature des (travaux|ouvrages)|^ouvrages?$|intitule)/],
  ['article', /^(n°|no\b|n\b|num|numero|art\b|article|code|ref|repere|item|poste|index)/],
];

/** The role a header cell names, if any. */
export function headerRole(value: CellValue): Role | null {
  if (typeof value !== 'string' || value.length > 80) return null;
  const text = normalisedText(value);
  return ROLE_PATTERNS.find(([, pattern]) => pattern.test(text))?.[0] ?? null;
}

/**
 * The column map a row spells, when it is a header row: a designation column and at least two of unit,
 * quantity, unit price and total (a BPU has no quantity nor total: designation, unit and unit price suffice).
 */
export function columnMapOf(cells: CellValue[]): ColumnMap | null {
  const found = new Map<Role, number>();
  cells.forEach((value, column) => {
    const role = headerRole(value);
    if (role && !found.has(role)) found.set(role, column);
  });
  const designation = found.get('designation');
  if (designation === undefined) return null;
  const priced = (['unit', 'quantity', 'unitPrice', 'total'] as const).filter((role) => found.has(role));
  if (priced.length < 2) return null;
  return {
    article: found.get('article') ?? null,
    designation,
    unit: found.get('unit') ?? null,
    quantity: found.get('quantity') ?? null,
    unitPrice: found.get('unitPrice') ?? null,
    total: found.get('total') ?? null,
  };
}

/** How many expected header cells a row holds: the content score of identification reads it. */
export function headerCellCount(cells: CellValue[]): number {
  return new Set(cells.map(headerRole).filter((role) => role !== null)).size;
}
