// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { firstPageAt, PAGE_CHUNKS_ID, preloadFirstPageChunks } from './page-chunks';

/** A document whose head holds the list as the build writes it (`listed`: its text). */
function documentListing(listed: string): Document {
  const page = document.implementation.createHTMLDocument('Relais');
  const list = page.createElement('script');
  list.type = 'application/json';
  list.id = PAGE_CHUNKS_ID;
  list.textContent = listed;
  page.head.append(list);
  return page;
}

function preloaded(page: Document): string[] {
  return [...page.head.querySelectorAll<HTMLLinkElement>('link[rel=modulepreload]')].map(
    (link) => link.getAttribute('href') ?? '',
  );
}

const LISTED = JSON.stringify({
  runs: ['/assets/runs-page-a1.js', '/assets/esm-b2.js'],
  runDetail: ['/assets/run-detail-page-c3.js'],
});

describe('the first pages', () => {
  it('are the runs page and a run’s page, not its sub-paths nor other pages', () => {
    expect(firstPageAt('/runs')).toBe('runs');
    expect(firstPageAt('/runs/6f1c')).toBe('runDetail');
    expect(firstPageAt('/runs/6f1c/steps')).toBeNull();
    expect(firstPageAt('/')).toBeNull();
    expect(firstPageAt('/deployments')).toBeNull();
  });
});

describe('preloading the opened page’s chunks', () => {
  it('adds one modulepreload link per chunk file of that page, in the same request mode as Vite’s scripts', () => {
    const page = documentListing(LISTED);
    preloadFirstPageChunks(page, '/runs');
    expect(preloaded(page)).toEqual(['/assets/runs-page-a1.js', '/assets/esm-b2.js']);
    expect(page.head.querySelector('link[rel=modulepreload]')?.getAttribute('crossorigin')).toBe('');
  });

  it('preloads nothing on another page', () => {
    const page = documentListing(LISTED);
    preloadFirstPageChunks(page, '/stats');
    expect(preloaded(page)).toEqual([]);
  });

  it('ignores a list it cannot read and a file outside /assets/ (the page then loads its chunk itself)', () => {
    const unreadable = documentListing('{"runs": [');
    preloadFirstPageChunks(unreadable, '/runs');
    expect(preloaded(unreadable)).toEqual([]);
    const foreign = documentListing(JSON.stringify({ runs: ['https://elsewhere.example/x.js', '/assets/ok.js', 7] }));
    preloadFirstPageChunks(foreign, '/runs');
    expect(preloaded(foreign)).toEqual(['/assets/ok.js']);
  });

  it('does nothing in a page without the list (the development server’s)', () => {
    const page = document.implementation.createHTMLDocument('Relais');
    preloadFirstPageChunks(page, '/runs');
    expect(preloaded(page)).toEqual([]);
  });
});
