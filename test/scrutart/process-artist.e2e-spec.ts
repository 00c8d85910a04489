import { DataSource } from 'typeorm';
import { RunState } from '@relais/contracts';
import type { ProcessArtistResult } from '@relais/domains/scrutart/contracts';
import { waitForRunState } from '../engine/engine-harness';
import { MONET_QID, MONET_WORK_COUNT } from '../fakes';
import { waitFor } from '../support/test-env';
import { startScrutartWorld, type ScrutartWorld } from './scrutart-worker-harness';

/** Words of the French template that must not appear on the Spanish page. */
const FRENCH_WORDS = [
  'Où trouver',
  'suivez le guide',
  'œuvres',
  'requête',
  'Galerie',
  'Identifiants',
  'Propriétés',
  'Retrouvez',
];

describe('scrutart.process-artist against the fakes (WordPress and Piwigo configured)', () => {
  let world: ScrutartWorld;

  beforeAll(async () => {
    world = await startScrutartWorld({ syntheticArtists: 3 });
  });

  afterAll(async () => {
    await world.stop();
  });

  const wordpress = () => world.fakes.wordpress!;
  const piwigo = () => world.fakes.piwigo!;
  const pagesOf = (qid: string) =>
    wordpress()
      .itemsOfType('page')
      .filter((page) => page.slug.startsWith(`${qid.toLowerCase()}-`));
  const galleryOf = (name: string) =>
    [...piwigo().categories.values()].filter((album) => album.name === `Galerie ${name}`);

  it('processes Monet end to end: a page per language, the gallery, the uploaded images and the state', async () => {
    const run = await world.runToEnd('scrutart.process-artist', {
      qid: MONET_QID,
      languages: ['fr', 'en', 'es'],
      auto_publish: 'publish',
    });

    expect(run.error).toBeNull();
    expect(run.state).toBe(RunState.COMPLETED);
    const result = run.result as ProcessArtistResult;
    expect(result).toMatchObject({
      qid: MONET_QID,
      artist_name: 'Claude Monet',
      success: true,
      errors: [],
      works_count: MONET_WORK_COUNT,
    });
    expect(result.steps_completed).toEqual([
      'check-eligibility',
      'artist-facts',
      'work-statistics',
      'find-images',
      'piwigo-gallery',
      'piwigo-upload',
      'build-pages',
      'publish-pages',
      'record-state',
    ]);

    // WordPress: one published page per language, in that language.
    const pages = pagesOf(MONET_QID);
    expect(pages.map((page) => page.slug).sort()).toEqual(['q296-en', 'q296-es', 'q296-fr']);
    expect(pages.every((page) => page.status === 'publish')).toBe(true);
    const page = (language: string) => pages.find((candidate) => candidate.slug === `q296-${language}`)!;
    expect(page('fr').title).toBe('Où trouver Claude Monet dans Wikidata, suivez le guide');
    expect(page('en').title).toBe('Where to find Claude Monet in Wikidata, follow the guide');
    expect(page('es').title).toBe('Dónde encontrar a Claude Monet en Wikidata: siga la guía');
    expect(page('fr').content).toContain('<h2 class="wp-block-heading">Les œuvres de Claude Monet dans Wikidata</h2>');
    expect(page('en').content).toContain('<h2 class="wp-block-heading">The works of Claude Monet in Wikidata</h2>');
    expect(page('es').content).toContain('<h2 class="wp-block-heading">Las obras de Claude Monet en Wikidata</h2>');
    for (const french of FRENCH_WORDS)
      expect({ french, found: page('es').content.includes(french) }).toEqual({ french, found: false });
    expect(result.wordpress_post_ids).toEqual({ fr: page('fr').id, en: page('en').id, es: page('es').id });

    // The figures come from the Query Service and link to their queries there.
    const content = page('en').content;
    const queryServiceLink = `${world.fakes.queryService.url}/#`;
    expect(content).toContain(`Wikidata describes <a href="${queryServiceLink}`);
    expect(content).toContain(`>${MONET_WORK_COUNT}</a> works whose creator (property P170) is Claude Monet.`);
    expect(content).toContain(`${queryServiceLink}${encodeURIComponent('#defaultView:BarChart\n')}`);
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(content)![1]) as Record<
      string,
      unknown
    >;
    expect(jsonLd).toMatchObject({ '@type': 'Person', name: 'Claude Monet', birthDate: '1840', deathDate: '1926' });
    expect(content).toContain('<a href="https://isni.org/isni/0000000121244328">0000000121244328</a>');
    expect(content).toContain('<a href="https://vocab.getty.edu/page/ulan/500019484">500019484</a>');

    // Piwigo: the gallery holds each painting's image once, and every page links to it.
    const [album] = galleryOf('Claude Monet');
    expect(result.piwigo_gallery_id).toBe(album.id);
    const uploaded = piwigo().imagesIn(album.id);
    expect(uploaded.length).toBeGreaterThan(10);
    expect(new Set(uploaded.map((image) => image.file)).size).toBe(uploaded.length);
    expect(result.images_uploaded).toBe(uploaded.length);
    expect(album.comment).toContain('Claude Monet');
    const galleryUrl = `${world.fakes.piwigo!.url}/index.php?/category/${album.id}`;
    for (const language of ['fr', 'en', 'es']) expect(page(language).content).toContain(`<a href="${galleryUrl}">`);
    expect(content).toContain(world.fakes.commons.fileUrl);
    expect(content).toContain('?width=300');

    // State in the database.
    expect(await world.artists.findByQid(MONET_QID)).toMatchObject({
      name: 'Claude Monet',
      worksCount: MONET_WORK_COUNT,
      piwigoGalleryId: album.id,
      lastRunId: run.id,
    });
    const images = await world.images.findByArtist(MONET_QID);
    expect(images.map((image) => image.piwigoImageId).sort()).toEqual(uploaded.map((image) => image.id).sort());
    const posts = await world.posts.findByQid(MONET_QID);
    expect(posts.map((post) => [post.lang, post.status, post.wordpressId])).toEqual([
      ['en', 'publish', page('en').id],
      ['es', 'publish', page('es').id],
      ['fr', 'publish', page('fr').id],
    ]);
  });

  it('never takes a live page offline when re-run with the default draft, unless the run allows it', async () => {
    // Monet's pages are live from the first test; a re-run with the seed's defaults asks for `draft`.
    expect(pagesOf(MONET_QID).every((page) => page.status === 'publish')).toBe(true);
    const rerun = await world.runToEnd('scrutart.process-artist', { qid: MONET_QID, languages: ['fr'] });
    expect(rerun.state).toBe(RunState.COMPLETED);
    expect(pagesOf(MONET_QID).find((page) => page.slug === 'q296-fr')?.status).toBe('publish');

    const unpublish = await world.runToEnd('scrutart.process-artist', {
      qid: MONET_QID,
      languages: ['fr'],
      allow_unpublish: true,
    });
    expect(unpublish.state).toBe(RunState.COMPLETED);
    expect(pagesOf(MONET_QID).find((page) => page.slug === 'q296-fr')?.status).toBe('draft');
  });

  it('fails a run for an unknown QID at once, saying so', async () => {
    const run = await world.runToEnd('scrutart.process-artist', { qid: 'Q999999999' });

    expect(run.state).toBe(RunState.FAILED);
    expect(run.error).toBe('Q999999999 not found on Wikidata');
    expect(run.attempts).toBe(1);
  });

  it('fails a run for an item that is not a human with works', async () => {
    const run = await world.runToEnd('scrutart.process-artist', { qid: 'Q142' });

    expect(run.state).toBe(RunState.FAILED);
    expect(run.error).toMatch(/^Q142 is not an artist Scrutart can describe: it is not a human/);
    expect(run.attempts).toBe(1);
  });

  it('waits and retries when the Query Service answers 429, then succeeds', async () => {
    const qid = world.fakes.syntheticQids[0];
    const before = world.fakes.queryService.requests.length;
    world.fakes.queryService.failNext(1, 429, { retryAfter: 1 });

    const run = await world.runToEnd('scrutart.process-artist', { qid });

    expect(run.error).toBeNull();
    expect(run.state).toBe(RunState.COMPLETED);
    expect(run.attempts).toBe(1);
    const queries = world.fakes.queryService.requests.slice(before);
    const [first, second] = queries;
    // The query refused with 429 was sent again (after Retry-After) rather than failing the run.
    expect(second.body.toString()).toBe(first.body.toString());
  });

  it('fails with the reason after its retries while WordPress is down, then a retry after the outage publishes without uploading again', async () => {
    const qid = world.fakes.syntheticQids[1];
    wordpress().setDown(true);
    let run;
    try {
      run = await world.runToEnd(
        'scrutart.process-artist',
        { qid, languages: ['fr', 'es'], auto_publish: 'draft' },
        90_000,
      );
    } finally {
      wordpress().setDown(false);
    }
    expect(run.state).toBe(RunState.FAILED);
    expect(run.attempts).toBe(3);
    expect(run.error).toMatch(/WordPress/);
    expect(run.error).toMatch(/unreachable/);
    const [album] = galleryOf('Synthetic Painter 2');
    const uploadedBeforeRetry = piwigo().imagesIn(album.id).length;
    expect(uploadedBeforeRetry).toBeGreaterThan(0);
    expect(pagesOf(qid)).toHaveLength(0);

    await world.launcher.retry(run.id);
    const retried = await waitForRunState(world.runs, run.id, [RunState.COMPLETED, RunState.FAILED], 60_000);

    expect(retried.error).toBeNull();
    expect(retried.state).toBe(RunState.COMPLETED);
    expect(piwigo().imagesIn(album.id)).toHaveLength(uploadedBeforeRetry);
    expect(
      pagesOf(qid)
        .map((page) => [page.slug, page.status])
        .sort(),
    ).toEqual([
      [`${qid.toLowerCase()}-es`, 'draft'],
      [`${qid.toLowerCase()}-fr`, 'draft'],
    ]);
    const upload = (await world.steps.findByRun(run.id)).find((step) => step.stepKey === 'piwigo-upload')!;
    expect(upload.attempt).toBe(1);

    // A new run for the same artist updates the same pages and uploads nothing.
    const again = await world.runToEnd('scrutart.process-artist', {
      qid,
      languages: ['fr', 'es'],
      auto_publish: 'publish',
    });
    expect(again.state).toBe(RunState.COMPLETED);
    expect((again.result as ProcessArtistResult).images_uploaded).toBe(0);
    expect(piwigo().imagesIn(album.id)).toHaveLength(uploadedBeforeRetry);
    expect(pagesOf(qid).map((page) => page.status)).toEqual(['publish', 'publish']);
  });

  it('publishes the pages when Piwigo is down, fails naming the gallery, and a retry adds the gallery and its link', async () => {
    const qid = world.fakes.graph.addSyntheticArtist({
      qid: 'Q99000000902',
      name: 'Gallery Painter',
      works: 4,
      imageEvery: 1,
    });
    piwigo().setDown(true);
    let run;
    try {
      run = await world.runToEnd(
        'scrutart.process-artist',
        { qid, languages: ['fr'], auto_publish: 'publish' },
        90_000,
      );
    } finally {
      piwigo().setDown(false);
    }
    expect(run.state).toBe(RunState.FAILED);
    expect(run.error).toMatch(/Pages published without their gallery: the Piwigo gallery failed/);
    // The page did not wait for the gallery: it is live, without a gallery link.
    const [before] = pagesOf(qid);
    expect(before.status).toBe('publish');
    expect(before.content).not.toContain('index.php?/category/');

    await world.launcher.retry(run.id);
    const retried = await waitForRunState(world.runs, run.id, [RunState.COMPLETED, RunState.FAILED], 60_000);
    expect(retried.error).toBeNull();
    expect(retried.state).toBe(RunState.COMPLETED);
    const [album] = galleryOf('Gallery Painter');
    expect(piwigo().imagesIn(album.id)).toHaveLength(4);
    expect((retried.result as ProcessArtistResult).images_uploaded).toBe(4);
    const [after] = pagesOf(qid);
    expect(after.id).toBe(before.id);
    expect(after.content).toContain(`index.php?/category/${album.id}`);
  });

  it('uploads each image once when the run fails in the middle of the uploads and is retried', async () => {
    world.fakes.graph.addSyntheticArtist({ qid: 'Q99000000901', name: 'Slow Painter', works: 8, imageEvery: 1 });
    world.fakes.commons.responseDelayMs = 300;
    const { run } = await world.launcher.launch('scrutart.process-artist', { qid: 'Q99000000901' });
    try {
      await waitFor(() => galleryOf('Slow Painter').some((album) => piwigo().imagesIn(album.id).length >= 2), {
        timeoutMs: 30_000,
        message: 'two images in the gallery',
      });
      world.fakes.commons.setDown(true);
      await waitForRunState(world.runs, run.id, [RunState.RETRYING], 30_000);
    } finally {
      world.fakes.commons.setDown(false);
      world.fakes.commons.responseDelayMs = 0;
    }
    const done = await waitForRunState(world.runs, run.id, [RunState.COMPLETED, RunState.FAILED], 60_000);

    expect(done.state).toBe(RunState.COMPLETED);
    expect(done.attempts).toBe(2);
    const [album] = galleryOf('Slow Painter');
    const files = piwigo()
      .imagesIn(album.id)
      .map((image) => image.file);
    expect(files).toHaveLength(8);
    expect(new Set(files).size).toBe(8);
    expect(await world.images.countByArtist('Q99000000901')).toBe(8);
  });

  it('finds an upload whose record was lost (crash between Piwigo and the database) instead of uploading it again', async () => {
    const qid = world.fakes.syntheticQids[2];
    const first = await world.runToEnd('scrutart.process-artist', { qid });
    expect(first.state).toBe(RunState.COMPLETED);
    const [lost] = await world.images.findByArtist(qid);
    await world.worker
      .get(DataSource)
      .query('DELETE FROM scrutart_images WHERE artist_qid = ? AND work_qid = ?', [qid, lost.workQid]);

    const second = await world.runToEnd('scrutart.process-artist', { qid });

    expect(second.state).toBe(RunState.COMPLETED);
    expect((second.result as ProcessArtistResult).images_uploaded).toBe(0);
    expect(await world.images.find(qid, lost.workQid)).toMatchObject({ piwigoImageId: lost.piwigoImageId });
    expect(piwigo().imagesIn(lost.piwigoGalleryId)).toHaveLength((first.result as ProcessArtistResult).images_uploaded);
  });

  it('keeps the pages in the database when auto_publish is none', async () => {
    const run = await world.runToEnd('scrutart.process-artist', {
      qid: MONET_QID,
      languages: ['en'],
      auto_publish: 'none',
    });

    expect(run.state).toBe(RunState.COMPLETED);
    expect((run.result as ProcessArtistResult).wordpress_post_ids).toEqual({});
    expect(await world.posts.find(MONET_QID, 'en')).toMatchObject({ status: 'local-draft', wordpressId: null });
    expect((await world.posts.find(MONET_QID, 'en'))!.content).toContain('The works of Claude Monet in Wikidata');
  });
});
