import { describe, expect, it } from 'vitest';
import { dpgfImportParameters, dpgfRunFigures } from './dpgf-import';

describe('starting a DPGF import from the page', () => {
  const choice = { mode: 'auto' as const, folder: '', dryRun: false, deepScan: false };

  it('auto leaves the source and its root to the worker, skipping the nightly excluded folders', () => {
    expect(dpgfImportParameters(choice)).toEqual({ parameters: { exclude_dirs: ['Archives', 'Temp', 'Backup'] } });
  });

  it('folder scans that folder of the file source, trimmed, with the options ticked', () => {
    expect(dpgfImportParameters({ ...choice, mode: 'folder', folder: ' /srv/ao/2026 ', dryRun: true })).toEqual({
      parameters: {
        exclude_dirs: ['Archives', 'Temp', 'Backup'],
        source: 'file',
        root_folder: '/srv/ao/2026',
        dry_run: true,
      },
    });
  });

  it('names root_folder when the folder is missing or not one line', () => {
    expect(dpgfImportParameters({ ...choice, mode: 'folder', folder: '  ' })).toMatchObject({ field: 'root_folder' });
    expect(dpgfImportParameters({ ...choice, mode: 'folder', folder: '/a\n/b' })).toMatchObject({
      field: 'root_folder',
    });
  });
});

describe('reading a dpgf.workflow result', () => {
  it('keeps the figures and names each file error; a malformed result reads as zeros, not a crash', () => {
    expect(
      dpgfRunFigures({
        files_scanned: 6,
        files_imported: 3,
        errors: [{ path: 'a/lot 9.xlsx', phase: 'import', message: 'not a workbook' }, null],
      }),
    ).toMatchObject({
      scanned: 6,
      imported: 3,
      identified: 0,
      errors: [{ path: 'a/lot 9.xlsx', phase: 'import', message: 'not a workbook' }],
      previews: [],
    });
    expect(dpgfRunFigures(null)).toBeNull();
  });
});
