/** The chunks of the pages most often opened first, loaded by the router and, early, by main.tsx. */
export const routeChunks = {
  runs: () => import('./pages/runs-page'),
  runDetail: () => import('./pages/run-detail-page'),
};

/** Starts loading the chunk of the page at `pathname` (the module loader keeps one copy: the router reuses it). */
export function loadChunkEarly(pathname: string): void {
  if (pathname === '/runs') void routeChunks.runs();
  else if (/^\/runs\/[^/]+$/.test(pathname)) void routeChunks.runDetail();
}
