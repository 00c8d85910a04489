import { AuthenticationError, PiwigoClient, PiwigoClientOptions, PiwigoError } from '@relais/integrations';
import { FakePiwigo, TEST_USER_AGENT } from '../fakes';
import { solidJpeg } from '../fakes/tiny-images';

describe('PiwigoClient against the fake Piwigo', () => {
  let piwigo: FakePiwigo;

  const client = (options: Partial<PiwigoClientOptions> = {}): PiwigoClient =>
    new PiwigoClient({
      url: piwigo.url,
      username: piwigo.credentials.username,
      password: piwigo.credentials.password,
      userAgent: TEST_USER_AGENT,
      timeoutMs: 10_000,
      maxRetries: 2,
      baseDelayMs: 20,
      ...options,
    });
  const methods = (): (string | undefined)[] => piwigo.requests.map((request) => request.query.method);

  beforeEach(async () => {
    piwigo = await new FakePiwigo().start();
  });

  afterEach(async () => {
    await piwigo.stop();
  });

  it('logs in, keeps the pwg_id cookie and reads the pwg_token', async () => {
    await client().login();

    expect(methods()).toEqual(['pwg.session.login', 'pwg.session.getStatus']);
    const [login, status] = piwigo.requests;
    expect(login.method).toBe('POST');
    expect(login.url).toBe('/ws.php?format=json&method=pwg.session.login');
    expect(login.form).toEqual({ username: 'relais', password: 'piwigo-secret' });
    expect(login.headers['user-agent']).toBe(TEST_USER_AGENT);
    expect(status.headers.cookie).toMatch(/^pwg_id=[0-9a-f]+$/);
  });

  it('refuses bad credentials with an authentication error that does not show the password', async () => {
    const failure = client({ password: 'Sup3r-Secret!' }).login();
    await expect(failure).rejects.toThrow(AuthenticationError);
    const error = (await failure.catch((caught: unknown) => caught)) as Error;
    expect(error.message).toBe(
      'Piwigo refused the credentials: pwg.session.login for user "relais": Invalid username/password',
    );
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('Sup3r-Secret!');
  });

  it('finds or creates an album under a parent, idempotently, and sets its comment', async () => {
    const parent = piwigo.addCategory('Scrutart');
    piwigo.addCategory('Galerie Claude Monet'); // same name at the root: not the one wanted
    const gallery = client();

    const first = await gallery.ensureCategory('Galerie Claude Monet', parent.id);
    const second = await gallery.ensureCategory('Galerie Claude Monet', parent.id);

    expect(first).toEqual({ id: expect.any(Number) as number, name: 'Galerie Claude Monet', created: true });
    expect(second).toEqual({ ...first, created: false });
    expect([...piwigo.categories.values()].filter((category) => category.parentId === parent.id)).toHaveLength(1);
    const add = piwigo.requests.find((request) => request.query.method === 'pwg.categories.add')!;
    expect(add.form).toMatchObject({
      name: 'Galerie Claude Monet',
      parent: String(parent.id),
      pwg_token: expect.stringMatching(/^[0-9a-f]{32}$/) as string,
    });

    await gallery.setCategoryInfo(first.id, { comment: 'Œuvres de Claude Monet (Q296) dans Wikidata' });
    expect(piwigo.categories.get(first.id)?.comment).toBe('Œuvres de Claude Monet (Q296) dans Wikidata');

    const children = await gallery.getCategories({ parentId: parent.id });
    expect(children).toEqual([
      {
        id: first.id,
        name: 'Galerie Claude Monet',
        comment: 'Œuvres de Claude Monet (Q296) dans Wikidata',
        parentId: parent.id,
        imageCount: 0,
        url: `${piwigo.url}/index.php?/category/${first.id}`,
      },
    ]);
    expect((await gallery.getCategories()).map((category) => category.id)).toEqual([parent.id, 2]);
    expect(gallery.categoryUrl(first.id)).toBe(`${piwigo.url}/index.php?/category/${first.id}`);
  });

  it('creates a root album when there is no parent', async () => {
    const created = await client().ensureCategory('Galerie Louis Cario', null);
    expect(piwigo.categories.get(created.id)?.parentId).toBeNull();
  });

  it('uploads an image with pwg.images.addSimple as multipart, and finds it again', async () => {
    const gallery = client();
    const album = await gallery.ensureCategory('Galerie Claude Monet', null);
    const bytes = solidJpeg(64, 48);

    const added = await gallery.addSimple(
      { bytes, fileName: 'Q328523.jpg', contentType: 'image/jpeg' },
      { category: album.id, name: 'Impression, soleil levant', comment: 'wd:Q328523' },
    );

    expect(added).toEqual({
      imageId: expect.any(Number) as number,
      url: `${piwigo.url}/picture.php?/${added.imageId}`,
    });
    const stored = piwigo.images.get(added.imageId)!;
    expect(stored).toMatchObject({
      file: 'Q328523.jpg',
      name: 'Impression, soleil levant',
      comment: 'wd:Q328523',
      categoryIds: [album.id],
      contentType: 'image/jpeg',
    });
    expect(stored.bytes.equals(bytes)).toBe(true);
    const upload = piwigo.requests.find((request) => request.query.method === 'pwg.images.addSimple')!;
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);

    const images = await gallery.getCategoryImages(album.id);
    expect(images).toEqual([
      expect.objectContaining({
        id: added.imageId,
        file: 'Q328523.jpg',
        comment: 'wd:Q328523',
        categoryIds: [album.id],
      }),
    ]);
    await expect(gallery.getImage(added.imageId)).resolves.toMatchObject({
      id: added.imageId,
      name: 'Impression, soleil levant',
    });
    await expect(gallery.getImage(9999)).resolves.toBeNull();
  });

  it('logs in again when the session expired, and carries on', async () => {
    const gallery = client();
    const album = await gallery.ensureCategory('Galerie Claude Monet', null);
    piwigo.expireSessions();
    piwigo.reset();

    const added = await gallery.addSimple({ bytes: solidJpeg(8, 8), fileName: 'Q1.jpg' }, { category: album.id });

    expect(piwigo.images.has(added.imageId)).toBe(true);
    expect(methods()).toEqual([
      'pwg.images.addSimple',
      'pwg.session.login',
      'pwg.session.getStatus',
      'pwg.images.addSimple',
    ]);
    expect(piwigo.requests[0].headers.cookie).not.toBe(piwigo.requests[3].headers.cookie);
  });

  it("passes Piwigo's own errors on with their code", async () => {
    const failure = client().setCategoryInfo(4242, { comment: 'x' });
    await expect(failure).rejects.toThrow(PiwigoError);
    await expect(failure).rejects.toMatchObject({ err: 1003, method: 'pwg.categories.setInfo' });
    await expect(failure).rejects.toThrow(
      'Piwigo pwg.categories.setInfo failed with error 1003: Invalid category_id input parameter, no category found',
    );
  });

  it('does not repeat an upload that failed with a server error', async () => {
    const gallery = client();
    const album = await gallery.ensureCategory('Galerie', null);
    piwigo.failNext(1, 502, { when: (request) => request.query.method === 'pwg.images.addSimple' });
    await expect(
      gallery.addSimple({ bytes: solidJpeg(8, 8), fileName: 'Q2.jpg' }, { category: album.id }),
    ).rejects.toThrow(/Piwigo answered 502/);
    expect(piwigo.requests.filter((request) => request.query.method === 'pwg.images.addSimple')).toHaveLength(1);
    expect(piwigo.images.size).toBe(0);
  });
});
