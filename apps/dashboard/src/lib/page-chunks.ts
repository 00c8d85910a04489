/** The pages most often opened first, whose chunks are fetched early (route-chunks.ts names their modules). */
export type FirstPage = 'runs' | 'runDetail';

/** The id of the inert JSON that lists each first page's chunk files (written into index.html by vite.config.ts, which repeats it). */
export const PAGE_CHUNKS_ID = 'relais-page-chunks';

/** Which of the first pages `pathname` opens, if any (the same paths as router.tsx's). */
export function firstPageAt(pathname: string): FirstPage | null {
  if (pathname === '/runs') return 'runs';
  if (/^\/runs\/[^/]+$/.test(pathname)) return 'runDetail';
  return null;
}

/**
 * Adds a `modulepreload` link for each chunk file of the page at `pathname`, as listed in index.html: the browser
 * fetches and compiles the page's chunk beside the app's script, instead of after it has run (main.tsx asks for the
 * chunk then, and finds it ready). Does nothing on other pages or when the list is missing or unreadable.
 */
export function preloadFirstPageChunks(document: Document, pathname: string): void {
  const page = firstPageAt(pathname);
  const listed = document.getElementById(PAGE_CHUNKS_ID)?.textContent;
  if (!page || !listed) return;
  let files: unknown;
  try {
    files = (JSON.parse(listed) as Partial<Record<FirstPage, unknown>>)[page];
  } catch (_unreadable) {
    // A list the build wrote wrong only costs the early fetch: the page still loads its chunk itself.
    return;
  }
  if (!Array.isArray(files)) return;
  for (const file of files) {
    if (typeof file !== 'string' || !file.startsWith('/assets/')) continue;
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = file;
    // As Vite's own script tags and preloads: the same request mode, so the module loader reuses the answer.
    link.crossOrigin = '';
    document.head.append(link);
  }
}
