import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** What `new Worker(THREAD_LOADER, { eval: true, workerData })` needs to run a module of this code base. */
export interface ThreadModule {
  entry: string;
  /** JavaScript by TypeScript file, when the entry is TypeScript (ts-node, Jest); null for compiled code. */
  sources: Record<string, string> | null;
}

/** The most TypeScript files a thread's module graph may hold: past it something imports far more than it should. */
const MAX_SOURCES = 200;

/**
 * The thread's module: the compiled .js as it is (npm start, dist); a .ts file with every TypeScript file it
 * imports (relative imports only) transpiled here. A thread loading ts-node itself took ~3 s and ~100 MB of
 * memory for TypeScript's compiler; this thread (Jest or ts-node) already holds one, and the thread gets
 * plain JavaScript.
 */
export async function threadModule(entry: string): Promise<ThreadModule> {
  if (!entry.endsWith('.ts')) return { entry, sources: null };
  const ts = await import('typescript');
  const sources: Record<string, string> = {};
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (file in sources) continue;
    if (Object.keys(sources).length >= MAX_SOURCES) throw new Error(`${entry} imports more than ${MAX_SOURCES} files`);
    const { outputText } = ts.transpileModule(await readFile(file, 'utf8'), {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        experimentalDecorators: true,
        useDefineForClassFields: false,
        inlineSourceMap: true,
      },
    });
    sources[file] = outputText;
    for (const [, specifier] of outputText.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
      const imported = typeScriptFile(resolve(dirname(file), specifier));
      if (imported) pending.push(imported);
    }
  }
  return { entry, sources };
}

function typeScriptFile(path: string): string | undefined {
  return [`${path}.ts`, `${path}/index.ts`, path].find(
    (candidate) => candidate.endsWith('.ts') && existsSync(candidate),
  );
}

/**
 * The code a thread starts with (`eval: true`, workerData: a ThreadModule): TypeScript files are compiled from
 * the sources handed over, anything else loads as usual (node_modules, compiled code).
 */
export const THREAD_LOADER = String.raw`
const { workerData } = require('node:worker_threads');
const { entry, sources } = workerData;
if (sources) {
  require.extensions['.ts'] = (module, filename) => {
    const code = sources[filename];
    if (code === undefined) throw new Error(filename + ' was not transpiled for the thread (a non-relative import?)');
    module._compile(code, filename);
  };
}
require(entry);
`;
