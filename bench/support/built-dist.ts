import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's root. */
export const ROOT = join(__dirname, '..', '..');

/** Where the sources that `npm run build` compiles into dist/ live. */
const SOURCE_FOLDERS = ['apps', 'libs', 'domains'];

/**
 * The path of a compiled file in dist/ (`apps/worker-dpgf/src/main.js`), built first (`npm run build`) when it is
 * missing or older than a TypeScript source: a benchmark that measures a process as production runs it (from
 * dist/, without ts-node's TypeScript compiler, ~130 MB of RSS) must not measure yesterday's code.
 */
export function builtScript(relativePath: string): string {
  const script = join(ROOT, 'dist', relativePath);
  if (!existsSync(script) || newerSourceThan(statSync(script).mtimeMs)) {
    console.log('Building dist/ (npm run build)...');
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  }
  return script;
}

function newerSourceThan(builtAt: number): boolean {
  const newer = (folder: string): boolean =>
    readdirSync(folder, { withFileTypes: true }).some((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return entry.name !== 'node_modules' && newer(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && statSync(path).mtimeMs > builtAt;
    });
  return SOURCE_FOLDERS.some((folder) => newer(join(ROOT, folder)));
}
