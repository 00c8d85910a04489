import { extname } from 'node:path';
import { normalisedText } from '../workbook/normalised-text';
import { SPREADSHEET_EXTENSIONS, type ScanOptions } from './price-schedule-source';

/** Whether a folder of this name is entered. */
export function entersFolder(name: string, options: Pick<ScanOptions, 'excludeDirs'>): boolean {
  const normalised = normalisedText(name);
  return !name.startsWith('.') && !options.excludeDirs.some((excluded) => normalisedText(excluded) === normalised);
}

/** Whether a file at this relative path is kept: a spreadsheet, in a folder the filters allow. */
export function keepsFile(path: string, options: Pick<ScanOptions, 'folderFilters'>): boolean {
  if (!SPREADSHEET_EXTENSIONS.includes(extname(path).toLowerCase())) return false;
  const name = path.split('/').pop() ?? path;
  if (name.startsWith('~$')) return false; // Office's lock files
  if (options.folderFilters.length === 0) return true;
  const folder = normalisedText(path.slice(0, path.length - name.length));
  return options.folderFilters.some((filter) => folder.includes(normalisedText(filter)));
}
