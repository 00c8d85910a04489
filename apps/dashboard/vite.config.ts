import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import type { IndexHtmlTransformContext, Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const FIRST_REQUESTS = fileURLToPath(new URL('src/first-requests.ts', import.meta.url));

/**
 * src/first-requests.ts as its own small entry, put first in index.html: it starts the page's first API calls
 * while the app's script (React and the rest, ~350 KB) is still being fetched and parsed. A second module script
 * in index.html would be merged into the app's entry by Vite, and run only once all of it had been parsed.
 */
function firstRequestsEntry(): Plugin {
  return {
    name: 'relais-first-requests',
    apply: 'build',
    config: () => ({
      build: {
        rollupOptions: {
          input: { index: fileURLToPath(new URL('index.html', import.meta.url)), 'first-requests': FIRST_REQUESTS },
        },
      },
    }),
    transformIndexHtml: {
      order: 'post',
      handler: (_html, context) => {
        const entry = Object.values(context.bundle ?? {}).find(
          (output) => output.type === 'chunk' && output.isEntry && output.name === 'first-requests',
        );
        if (!entry) throw new Error('the first-requests entry was not built');
        return [
          {
            tag: 'script',
            attrs: { type: 'module', crossorigin: true, src: `/${entry.fileName}` },
            injectTo: 'head-prepend',
          },
        ];
      },
    },
  };
}

/**
 * React's imports resolved to Preact's compatibility layer: React DOM was 206 KB of the 349 KB first script, Preact
 * is ~24 KB, and TanStack Query, Router, Table and Virtual, @rjsf/core and recharts run on it unchanged (the browser
 * tests open every page). The first matching entry wins, so the subpaths come before `react-dom` and `react`.
 */
const preactInPlaceOfReact = {
  'react-dom/test-utils': 'preact/test-utils',
  'react-dom/client': 'preact/compat/client',
  'react-dom': 'preact/compat',
  'react/jsx-runtime': 'preact/jsx-runtime',
  'react/jsx-dev-runtime': 'preact/jsx-runtime',
  react: 'preact/compat',
};

/**
 * The module of each first page, by the name src/lib/page-chunks.ts gives the page (route-chunks.ts imports the
 * same modules), and the id of the list it reads (its PAGE_CHUNKS_ID). Not imported from there: Vite's coming
 * native config loader does not resolve a TypeScript import without its extension.
 */
const PAGE_CHUNKS_ID = 'relais-page-chunks';
const FIRST_PAGE_MODULES = {
  runs: fileURLToPath(new URL('src/pages/runs-page.tsx', import.meta.url)),
  runDetail: fileURLToPath(new URL('src/pages/run-detail-page.tsx', import.meta.url)),
};

type Bundle = NonNullable<IndexHtmlTransformContext['bundle']>;
type Chunk = NonNullable<IndexHtmlTransformContext['chunk']>;

/** A chunk's file and those of the chunks it imports, the entries left out (index.html loads them itself). */
function chunkFiles(bundle: Bundle, chunk: Chunk, files = new Set<string>()): Set<string> {
  files.add(`/${chunk.fileName}`);
  for (const name of chunk.imports) {
    const imported = bundle[name];
    if (imported.type === 'chunk' && !imported.isEntry && !files.has(`/${name}`)) chunkFiles(bundle, imported, files);
  }
  return files;
}

/**
 * Lists, in index.html, the chunk files of each first page (the runs page, a run's page) as inert JSON (no inline
 * script runs under the CSP): src/first-requests.ts preloads the opened page's ones, so they are fetched beside the
 * app's script rather than once it has run.
 */
function firstPageChunksList(): Plugin {
  return {
    name: 'relais-first-page-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (_html, context) => {
        const bundle = context.bundle ?? {};
        const chunks = Object.values(bundle).filter((output) => output.type === 'chunk');
        const list = Object.fromEntries(
          Object.entries(FIRST_PAGE_MODULES).map(([page, module]) => {
            const chunk = chunks.find((output) => output.facadeModuleId === module);
            if (!chunk) throw new Error(`no chunk was built for ${module}`);
            return [page, [...chunkFiles(bundle, chunk)]];
          }),
        );
        return [
          {
            tag: 'script',
            attrs: { type: 'application/json', id: PAGE_CHUNKS_ID },
            children: JSON.stringify(list).replace(/</g, '\\u003c'),
            injectTo: 'head',
          },
        ];
      },
    },
  };
}

const gateway = process.env.RELAIS_GATEWAY_URL ?? 'http://localhost:3000';

// Built into the gateway's static folder (dist/dashboard at the repository root), which serves it at `/`.
export default defineConfig({
  // No Fast Refresh: its runtime patches React DOM's renderer, which Preact replaces (`npm run dev` reloads the page
  // on a change instead).
  plugins: [react({ refreshExclude: /./ }), firstRequestsEntry(), firstPageChunksList()],
  resolve: {
    alias: {
      ...preactInPlaceOfReact,
      // Only the contracts' browser-safe modules are imported (events, live-events, run-state): not the index,
      // which pulls class-validator and the flow contracts in.
      '@contracts': fileURLToPath(new URL('../../libs/contracts/src', import.meta.url)),
    },
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    // No inline scripts or data: URLs for modules: the gateway's CSP allows scripts from its own origin only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npm run dev --prefix apps/dashboard`: the API and socket.io go to a running gateway.
    proxy: {
      '/api': gateway,
      '/admin': gateway,
      '/socket.io': { target: gateway, ws: true },
    },
  },
  test: {
    include: ['src/**/*.spec.ts'],
    environment: 'node',
  },
});
