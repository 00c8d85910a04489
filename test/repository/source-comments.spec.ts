import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SOURCE_FOLDERS = ['apps', 'libs', 'domains', 'test', 'bench', 'scripts'];

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|js|mjs)$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

describe('comments in the source', () => {
  it('cite no document outside this repository (a reader of the code cannot open them)', () => {
    // The product brief's documents live beside the repository, not in it; docs/ is where references point.
    const outside = /\b(SPEC|ARCHITECTURE|CONVENTIONS)\.md\b/;
    const citing = SOURCE_FOLDERS.flatMap(sourceFiles)
      .filter((file) => !file.endsWith('source-comments.spec.ts'))
      .filter((file) => outside.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(citing).toEqual([]);
  });
});
