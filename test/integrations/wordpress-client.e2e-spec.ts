import { ServiceUnreachableError, WordPressClient, WordPressClientOptions, WordPressError } from '@relais/integrations';
import { FakeWordPress, TEST_USER_AGENT } from '../fakes';

const PAGE = '<!-- wp:paragraph -->\n<p>Où trouver Claude Monet dans Wikidata</p>\n<!-- /wp:paragraph -->';

describe('WordPressClient against the fake WordPress', () => {
  let wordpress: FakeWordPress;

  const client = (options: Partial<WordPressClientOptions> = {}): WordPressClient =>
    new WordPressClient({
      url: wordpress.url,
      username: wordpress.credentials.username,
      appPassword: wordpress.credentials.appPassword,
      contentType: 'pages',
      userAgent: TEST_USER_AGENT,
      timeoutMs: 10_000,
      maxRetries: 2,
      baseDelayMs: 20,
      ...options,
    });

  beforeEach(async () => {
    wordpress = await new FakeWordPress().start();
  });

  afterEach(async () => {
    await wordpress.stop();
  });

  it('creates a page by slug, then updates the same page', async () => {
    const wp = client();
    const created = await wp.upsertBySlug({
      slug: 'Q296-fr',
      title: 'Claude Monet',
      content: PAGE,
      status: 'draft',
      meta: { scrutart_qid: 'Q296', unknown_key: 1 },
    });

    expect(created).toEqual({
      id: expect.any(Number) as number,
      slug: 'q296-fr',
      status: 'draft',
      type: 'pages',
      created: true,
      link: `${wordpress.url}/?page_id=${created.id}`,
    });

    const updated = await wp.upsertBySlug({
      slug: 'Q296-fr',
      title: 'Claude Monet (1840–1926)',
      content: PAGE,
      status: 'publish',
    });

    expect(updated).toEqual({
      id: created.id,
      slug: 'q296-fr',
      status: 'publish',
      type: 'pages',
      created: false,
      link: `${wordpress.url}/q296-fr/`,
    });
    expect(wordpress.itemsOfType('page')).toHaveLength(1);
    const stored = wordpress.items.get(created.id)!;
    expect(stored).toMatchObject({
      title: 'Claude Monet (1840–1926)',
      content: PAGE,
      status: 'publish',
      meta: { scrutart_qid: 'Q296' },
    });

    // What went over the wire: a lookup in any status with context=edit, then POST /pages, then POST /pages/{id}.
    expect(wordpress.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      'GET /wp-json/wp/v2/pages?slug=q296-fr&status=any&context=edit&per_page=10',
      'POST /wp-json/wp/v2/pages',
      'GET /wp-json/wp/v2/pages?slug=q296-fr&status=any&context=edit&per_page=10',
      `POST /wp-json/wp/v2/pages/${created.id}`,
    ]);
    expect(JSON.parse(wordpress.requests[1].body.toString('utf8'))).toEqual({
      slug: 'q296-fr',
      title: 'Claude Monet',
      content: PAGE,
      status: 'draft',
      meta: { scrutart_qid: 'Q296', unknown_key: 1 },
    });
    const authorization = wordpress.requests[1].headers.authorization!;
    expect(Buffer.from(authorization.replace('Basic ', ''), 'base64').toString()).toBe(
      `relais:${wordpress.credentials.appPassword}`,
    );
    expect(wordpress.requests[1].headers['user-agent']).toBe(TEST_USER_AGENT);
  });

  it('returns the page found by slug in the raw (edit) shape', async () => {
    const wp = client();
    await wp.upsertBySlug({
      type: 'posts',
      slug: 'q5582-en',
      title: 'Vincent van Gogh',
      content: PAGE,
      status: 'pending',
    });
    const found = await wp.findBySlug('posts', 'Q5582-EN');
    expect(found).toMatchObject({
      slug: 'q5582-en',
      status: 'pending',
      type: 'post',
      title: { raw: 'Vincent van Gogh' },
      content: { raw: PAGE },
    });
    expect(found?.content.rendered).toBe('<p>Où trouver Claude Monet dans Wikidata</p>\n');
    expect(await wp.findBySlug('pages', 'q5582-en')).toBeNull();
  });

  it('keeps pages of other slugs apart', async () => {
    const wp = client();
    const french = await wp.upsertBySlug({ slug: 'q296-fr', title: 'Claude Monet', content: PAGE, status: 'publish' });
    const english = await wp.upsertBySlug({ slug: 'q296-en', title: 'Claude Monet', content: PAGE, status: 'publish' });
    expect(english.id).not.toBe(french.id);
    expect(english.created).toBe(true);
  });

  it('uploads media with its file name', async () => {
    const media = await client().uploadMedia({
      bytes: Buffer.from('fake-png'),
      fileName: 'Monet Nymphéas.png',
      contentType: 'image/png',
      altText: 'Nymphéas',
    });
    expect(media.sourceUrl).toBe(`${wordpress.url}/wp-content/uploads/${media.id}/Monet Nymphéas.png`);
    const [upload] = wordpress.requests;
    expect(upload.headers['content-type']).toBe('image/png');
    expect(upload.query).toEqual({ alt_text: 'Nymphéas' });
    expect(wordpress.items.get(media.id)?.bytes?.toString()).toBe('fake-png');
  });

  it('reports refused credentials with WordPress code and message, never the password', async () => {
    const secret = 'wrong pass word 1234';
    const failure = client({ appPassword: secret }).upsertBySlug({
      slug: 'q296-fr',
      title: 'x',
      content: PAGE,
      status: 'draft',
    });

    await expect(failure).rejects.toThrow(WordPressError);
    const error = (await failure.catch((caught: unknown) => caught)) as WordPressError;
    expect(error).toMatchObject({ status: 401, code: 'incorrect_password', isAuthenticationFailure: true });
    expect(error.message).toBe(
      `WordPress answered 401 incorrect_password to GET ${wordpress.url}/wp-json/wp/v2/pages?slug=q296-fr&status=any&context=edit&per_page=10: Error: The provided password is an invalid application password.`,
    );
    expect(JSON.stringify(error)).not.toContain(secret);
    expect(error.message).not.toContain(Buffer.from(`relais:${secret}`).toString('base64'));
    expect(wordpress.requests).toHaveLength(1);
    await expect(client({ appPassword: secret }).currentUser()).rejects.toThrow(/incorrect_password/);
    await expect(client().currentUser()).resolves.toMatchObject({ id: 1, slug: 'relais' });
  });

  it("passes WordPress's validation errors on", async () => {
    const failure = client().upsertBySlug({ slug: 'q296-fr', title: 'x', content: PAGE, status: 'bogus' as 'draft' });
    await expect(failure).rejects.toMatchObject({
      status: 400,
      code: 'rest_invalid_param',
      wpMessage: 'Invalid parameter(s): status',
    });
  });

  it('retries the lookup after a 429 with Retry-After, but does not repeat a create that failed with 503', async () => {
    wordpress.failNext(1, 429, { retryAfter: 0 });
    const created = await client().upsertBySlug({ slug: 'q296-fr', title: 'x', content: PAGE, status: 'draft' });
    expect(created.created).toBe(true);
    expect(wordpress.requests.map((request) => request.method)).toEqual(['GET', 'GET', 'POST']);

    wordpress.reset();
    const wp = client();
    await expect(wp.findBySlug('pages', 'q296-es')).resolves.toBeNull();
    wordpress.failNext(1, 503, {
      body: '<html>Service Unavailable</html>',
      when: (request) => request.method === 'POST',
    });
    await expect(wp.upsertBySlug({ slug: 'q296-es', title: 'x', content: PAGE, status: 'draft' })).rejects.toThrow(
      /^WordPress answered 503 to POST http:\/\/127\.0\.0\.1:\d+\/wp-json\/wp\/v2\/pages: server error$/,
    );
    expect(wordpress.itemsOfType('page')).toHaveLength(1);
  });

  it('fails clearly when WordPress is down', async () => {
    wordpress.setDown(true);
    const failure = client({ maxRetries: 1 }).upsertBySlug({
      slug: 'q296-fr',
      title: 'x',
      content: PAGE,
      status: 'draft',
    });
    await expect(failure).rejects.toThrow(ServiceUnreachableError);
    await expect(failure).rejects.toThrow(
      /^WordPress is unreachable at http:\/\/127\.0\.0\.1:\d+\/wp-json\/wp\/v2\/pages\?slug=q296-fr.*\(gave up after 2 attempts\)$/,
    );
  });

  it('accepts the REST root as URL', async () => {
    const wp = client({ url: `${wordpress.url}/wp-json/` });
    await expect(wp.currentUser()).resolves.toMatchObject({ id: 1 });
  });
});
