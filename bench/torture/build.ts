import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

/** The repository's root. */
export const ROOT = join(__dirname, '..', '..');

/** Where the processes' JavaScript is kept between runs (node_modules/.cache, so that packages resolve from it). */
export const BUILD_DIR = join(ROOT, 'node_modules', '.cache', 'relais-torture');

/** What the torture processes load: the apps, libs and domains, and the suite's own entry points. */
const SOURCES = ['apps', 'libs', 'domains', join('bench', 'torture')];

/**
 * Transpiles what the torture processes run to JavaScript under BUILD_DIR, file by file as ts-node's
 * transpile-only mode does (no type check: `npm run typecheck` does that), skipping files already transpiled
 * since their last change. The suite kills and restarts processes every few seconds: a process compiled by
 * ts-node at each start takes 10–30 s to come up on a small machine, one started from JavaScript about 1 s.
 * Returns how many files were transpiled.
 */
export function buildTortureProcesses(): number {
  const options = compilerOptions();
  let transpiled = 0;
  for (const source of SOURCES.flatMap((directory) => sourceFiles(join(ROOT, directory)))) {
    const target = join(BUILD_DIR, relative(ROOT, source)).replace(/\.ts$/, '.js');
    if (isNewer(target, source)) continue;
    const output = ts.transpileModule(readFileSync(source, 'utf8'), { compilerOptions: options, fileName: source });
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
    transpiled++;
  }
  // tsconfig-paths resolves `@relais/…` from this file, against the JavaScript tree.
  const { paths } = (
    ts.readConfigFile(join(ROOT, 'tsconfig.json'), (path) => ts.sys.readFile(path)).config as {
      compilerOptions: { paths: Record<string, string[]> };
    }
  ).compilerOptions;
  writeFileSync(join(BUILD_DIR, 'tsconfig.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths } }));
  return transpiled;
}

/** The command line that runs `entry` (a .ts path relative to the root) from its transpiled JavaScript. */
export function processCommand(entry: string): { args: string[]; env: Record<string, string> } {
  return {
    args: ['-r', require.resolve('tsconfig-paths/register'), join(BUILD_DIR, entry.replace(/\.ts$/, '.js'))],
    env: { TS_NODE_PROJECT: join(BUILD_DIR, 'tsconfig.json'), TS_NODE_BASEURL: BUILD_DIR },
  };
}

function compilerOptions(): ts.CompilerOptions {
  const file = join(ROOT, 'tsconfig.json');
  const config: unknown = ts.readConfigFile(file, (path) => ts.sys.readFile(path)).config;
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
  return { ...parsed.options, sourceMap: false, inlineSourceMap: false, declaration: false, noEmit: false };
}

function sourceFiles(directory: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') files.push(...sourceFiles(path));
    } else if (entry.name.endsWith('.ts') && !/\.(spec|e2e-spec|d)\.ts$/.test(entry.name)) {
      files.push(path);
    }
  }
  return files;
}

function isNewer(target: string, source: string): boolean {
  try {
    return statSync(target).mtimeMs >= statSync(source).mtimeMs;
  } catch {
    return false;
  }
}
