import { firstPageAt, type FirstPage } from './lib/page-chunks';

/** The chunks of the pages most often opened first, loaded by the router and, early, by main.tsx. */
export const routeChunks = {
  runs: () => import('./pages/runs-page'),
  runDetail: () => import('./pages/run-detail-page'),
} satisfies Record<FirstPage, () => Promise<unknown>>;

/** Starts loading the chunk of the page at `pathname` (the module loader keeps one copy: the router reuses it). */
export function loadChunkEarly(pathname: string): void {
  const page = firstPageAt(pathname);
  if (page) void routeChunks[page]();
}
