import { basename, dirname, extname, sep } from 'node:path';
import { normalisedText } from '../workbook/normalised-text';
import type { CellValue } from '../workbook/sheet-row';

/** What the cells above a header say: `Maître d'ouvrage : ACME`, `Projet : …`, `Lot n°3 - Gros œuvre`, a date. */
export interface HeaderFacts {
  client: string | null;
  project: string | null;
  lotNumber: string | null;
  lotName: string | null;
  date: string | null;
}

const LABELLED = /^\s*([^:]{2,40}?)\s*:\s*(\S.{0,300})$/s;
const LOT = /\blot\s*(?:n[°o]\s*)?(\d{1,3}[a-z]?)\b\s*[-–:.]?\s*(.*)$/i;

/** Facts read from a sheet's cells above its header row (labels matched without accents or case). */
export function headerFacts(rows: CellValue[][]): HeaderFacts {
  const facts: HeaderFacts = { client: null, project: null, lotNumber: null, lotName: null, date: null };
  for (const value of rows.flat()) {
    if (typeof value !== 'string') continue;
    const labelled = LABELLED.exec(value);
    if (labelled) {
      const label = normalisedText(labelled[1]);
      const text = labelled[2].trim();
      if (/^(maitre d'ouvrage|maitre d’ouvrage|moa|client)$/.test(label)) facts.client ??= text;
      else if (/^(projet|operation|affaire|chantier|objet)$/.test(label)) facts.project ??= text;
      else if (/^date/.test(label)) facts.date ??= isoDate(text);
    }
    const lot = LOT.exec(value);
    if (lot && !facts.lotNumber) {
      facts.lotNumber = lot[1];
      facts.lotName = lot[2].trim() || null;
    }
  }
  return facts;
}

/** `Lot 3 - Gros œuvre`, `DPGF-lot 3`, `LOT03`: the lot a sheet's name or a file's name gives. */
export function lotFromName(name: string): { number: string; name: string | null } | null {
  const match = /lot[\s_-]*(?:n[°o]\s*)?0*(\d{1,3}[a-z]?)(?:\s*[-–_:.]\s*|\s+)?(.*)$/i.exec(name);
  if (!match) return null;
  return { number: match[1], name: match[2].replace(/[_]+/g, ' ').trim() || null };
}

/**
 * Client and project from where the file sits: `<root>/<client>/<project>/file.xlsx`. A file directly in a
 * client's folder takes its own name (without the extension) as the project.
 */
export function partiesFromPath(relativePath: string): { client: string | null; project: string } {
  const folders = dirname(relativePath)
    .split(/[\\/]/)
    .filter((part) => part && part !== '.' && part !== sep);
  const fileProject = basename(relativePath, extname(relativePath));
  return {
    client: folders[0] ?? null,
    project: folders.length >= 2 ? folders[folders.length - 1] : fileProject,
  };
}

function isoDate(text: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) return text.slice(0, 10);
  const french = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/.exec(text);
  return french ? `${french[3]}-${french[2].padStart(2, '0')}-${french[1].padStart(2, '0')}` : null;
}
