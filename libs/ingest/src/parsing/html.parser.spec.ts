import { HtmlParser } from './html.parser';

const parse = (html: string | Buffer) =>
  new HtmlParser().parse(typeof html === 'string' ? Buffer.from(html, 'utf8') : html, 'page.html');

describe('HtmlParser', () => {
  it('keeps the main content and drops the site menu, sidebar, scripts, header and footer', async () => {
    const parsed = await parse(`<!doctype html><html><head><title>Tides</title><style>p{}</style></head><body>
      <header><a href="/">Home</a> <a href="/blog">Blog</a></header>
      <nav><ul><li>Menu item</li></ul></nav>
      <main>
        <h1>How tides work</h1>
        <p>The Moon pulls the oceans.
           Twice a day the sea rises.</p>
        <h2>Spring tides</h2>
        <ul><li>New moon</li><li>Full moon</li></ul>
        <table><tr><th>Port</th><th>Range</th></tr><tr><td>Saint-Malo</td><td>13 m</td></tr></table>
        <script>track()</script>
      </main>
      <aside>Related posts</aside>
      <footer>© 2024 Example</footer>
    </body></html>`);

    expect(parsed.title).toBe('Tides');
    expect(parsed.text).toBe(
      [
        '# How tides work',
        'The Moon pulls the oceans. Twice a day the sea rises.',
        '## Spring tides',
        '- New moon',
        '- Full moon',
        'Port | Range',
        'Saint-Malo | 13 m',
      ].join('\n\n'),
    );
  });

  it('without <main>, reads the body but not the page header and footer, and keeps an article header', async () => {
    const parsed = await parse(`<body><header>Site banner</header>
      <section><header><h1>Report</h1></header><p>Body text<br>second line.</p><pre>  code()\n  more()</pre></section>
      <footer>Legal</footer></body>`);

    expect(parsed.text).toBe('# Report\n\nBody text second line.\n\n  code()\n  more()');
  });

  it('decodes a page by its declared charset', async () => {
    const latin1 = Buffer.from(
      '<html><head><meta charset="iso-8859-1"></head><body><p>Crème brûlée</p></body></html>',
      'latin1',
    );

    expect((await parse(latin1)).text).toBe('Crème brûlée');
  });
});
