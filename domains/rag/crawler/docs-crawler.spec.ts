import { pathToFileURL } from 'node:url';
import { PYTHON_DOCS_HTML, PythonDocsFake } from '../../../test/fakes/python-docs.fake';
import { DocsCrawler, PageFetchFailed, type CrawledPage } from './docs-crawler';
import { UrlOutsideBase } from './url-allow-list';

const USER_AGENT = 'RelaisDoctorPy/0.1 (https://relais.invalid; tests@relais.invalid)';
const PAGES = [
  'tutorial/inputoutput.html',
  'tutorial/datastructures.html',
  'tutorial/controlflow.html',
  'library/functions.html',
  'library/os.path.html',
  'reference/expressions.html',
  'howto/sorting.html',
];

function outcomes(pages: CrawledPage[]): string[] {
  return pages.map((page) => page.outcome);
}

describe('DocsCrawler over HTTP (python3-doc served on loopback)', () => {
  const site = new PythonDocsFake();
  const elsewhere = new PythonDocsFake();
  const crawler = (options: Partial<ConstructorParameters<typeof DocsCrawler>[0]> = {}): DocsCrawler =>
    new DocsCrawler({ baseUrl: site.docsUrl, userAgent: USER_AGENT, delayMs: 0, backoffMs: 10, ...options });

  beforeAll(async () => {
    await site.start();
    await elsewhere.start();
  });
  afterAll(async () => {
    await site.stop();
    await elsewhere.stop();
  });
  beforeEach(() => {
    site.reset();
    site.responseDelayMs = 0;
    site.redirects.clear();
    site.notModifiedCount = 0;
  });

  it('fetches politely (5 at once, User-Agent, robots.txt once) and an unchanged second crawl costs only 304s', async () => {
    site.responseDelayMs = 40;
    const first = await crawler({ concurrency: 9 }).crawl(PAGES);
    expect(outcomes(first)).toEqual(PAGES.map(() => 'fetched'));
    expect(site.maxInFlight).toBeLessThanOrEqual(5);
    expect(site.maxInFlight).toBeGreaterThan(1);
    expect(site.requestsTo('/robots.txt')).toHaveLength(1);
    expect(site.requests.every((request) => request.headers['user-agent'] === USER_AGENT)).toBe(true);
    const fetched = first[0];
    if (fetched.outcome !== 'fetched') throw new Error('expected a fetched page');
    expect(fetched.html).toContain('Input and Output');

    const validators = new Map(
      first.flatMap((page) => (page.outcome === 'fetched' ? [[page.page, page] as const] : [])),
    );
    const second = await crawler().crawl(PAGES, validators);
    expect(outcomes(second)).toEqual(PAGES.map(() => 'not-modified'));
    expect(site.notModifiedCount).toBe(PAGES.length);
  });

  it('retries a 429 honouring Retry-After and a 503 with backoff, and gives up after its retries', async () => {
    site.failNext(1, 429, { retryAfter: 1, when: (request) => request.path.endsWith('controlflow.html') });
    site.failNext(1, 503, { when: (request) => request.path.endsWith('controlflow.html') });
    const started = Date.now();
    const page = await crawler().fetchPage('tutorial/controlflow.html');
    expect(page.outcome).toBe('fetched');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(site.requestsTo('controlflow.html')).toHaveLength(3);

    site.failNext(3, 500);
    await expect(crawler({ retries: 2 }).fetchPage('tutorial/index.html')).rejects.toThrow(PageFetchFailed);
  });

  it('follows a redirect inside the base URL only, and fetches nothing outside it', async () => {
    site.redirects.set('tutorial/old-io.html', `${site.docsUrl}tutorial/inputoutput.html`);
    site.redirects.set('tutorial/away.html', `${elsewhere.docsUrl}tutorial/inputoutput.html`);
    const inside = await crawler().fetchPage('tutorial/old-io.html');
    expect(inside).toMatchObject({ outcome: 'fetched', url: `${site.docsUrl}tutorial/inputoutput.html` });
    const outside = await crawler().fetchPage('tutorial/away.html');
    expect(outside).toMatchObject({ outcome: 'unavailable' });
    expect(elsewhere.requests).toHaveLength(0);
    await expect(crawler().fetchPage(`${elsewhere.docsUrl}tutorial/index.html`)).rejects.toThrow(UrlOutsideBase);
    await expect(crawler().fetchPage('../../robots.txt')).rejects.toThrow(UrlOutsideBase);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('obeys robots.txt, reports a missing page and refuses a page over the size limit', async () => {
    site.robotsTxt = 'User-agent: RelaisDoctorPy\nDisallow: /3/howto/\n\nUser-agent: *\nDisallow: /\n';
    const robotsAware = crawler();
    expect(await robotsAware.fetchPage('howto/sorting.html')).toMatchObject({ outcome: 'unavailable' });
    expect(site.requestsTo('sorting.html')).toHaveLength(0);
    expect(await robotsAware.fetchPage('tutorial/no-such-page.html')).toMatchObject({ outcome: 'unavailable' });
    await expect(crawler({ maxPageBytes: 1000 }).fetchPage('library/functions.html')).rejects.toThrow(/allowed/);
    site.robotsTxt = 'User-agent: *\nDisallow: /private/\n';
  });
});

describe('DocsCrawler over a file: mirror', () => {
  it('reads the mirror, skips an unchanged file by its modification time and reports a missing one', async () => {
    const crawler = new DocsCrawler({ baseUrl: pathToFileURL(`${PYTHON_DOCS_HTML}/`).href, userAgent: USER_AGENT });
    const [first, missing] = await crawler.crawl(['tutorial/inputoutput.html', 'tutorial/nothing-here.html']);
    expect(first).toMatchObject({ outcome: 'fetched', page: 'tutorial/inputoutput.html' });
    expect(missing).toMatchObject({ outcome: 'unavailable' });
    if (first.outcome !== 'fetched') throw new Error('expected a fetched page');
    expect(await crawler.fetchPage('tutorial/inputoutput.html', first)).toMatchObject({ outcome: 'not-modified' });
    await expect(crawler.fetchPage('../../../../etc/passwd')).rejects.toThrow(UrlOutsideBase);
    expect(crawler.requestsSent).toBe(0);
  });
});
