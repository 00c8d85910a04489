import type { CellValue as ExcelCellValue } from 'exceljs';
import type { CellValue } from './sheet-row';

/**
 * What exceljs gives for a cell, reduced to text or number: a formula's cached result (the value Excel showed;
 * formulas are never evaluated here), rich text's concatenated runs, a hyperlink's text, a date as YYYY-MM-DD,
 * and errors (#REF!) as empty.
 */
export function cellValue(value: ExcelCellValue | undefined): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if ('result' in value) return cellValue(value.result);
  if ('formula' in value || 'sharedFormula' in value) return null;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  return null;
}
