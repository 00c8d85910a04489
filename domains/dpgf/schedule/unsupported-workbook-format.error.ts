import { extname } from 'node:path';

/**
 * A legacy .xls (BIFF) workbook, or anything not .xlsx/.xlsm. No maintained .xls reader without known
 * vulnerabilities exists on npm (the `xlsx` 0.18.5 package carries two CVEs), so such files are refused with the
 * way to convert them.
 */
export class UnsupportedWorkbookFormat extends Error {
  constructor(path: string) {
    const extension = extname(path).toLowerCase() || '(none)';
    super(
      extension === '.xls'
        ? `${path}: legacy .xls workbooks are not read; open it in Excel or LibreOffice and save it as .xlsx ` +
            '(or run `soffice --headless --convert-to xlsx <file>`), then import the .xlsx'
        : `${path}: ${extension} is not a workbook format Relais reads (.xlsx or .xlsm)`,
    );
    this.name = 'UnsupportedWorkbookFormat';
  }
}
