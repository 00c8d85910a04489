import { RunState } from '@relais/contracts';
import { type ProcessArtistResult } from '@relais/domains/scrutart/contracts';
import { RunLogRepository } from '@relais/persistence';
import { MINOR_ARTIST_QID } from '../fakes';
import { startScrutartWorld, type ScrutartWorld } from './scrutart-worker-harness';

describe('scrutart.process-artist without WordPress and Piwigo', () => {
  let world: ScrutartWorld;

  beforeAll(async () => {
    world = await startScrutartWorld({ wordpress: false, piwigo: false });
  });

  afterAll(async () => {
    await world.stop();
  });

  it('keeps each page as a draft in the database and skips the gallery, saying why', async () => {
    const run = await world.runToEnd('scrutart.process-artist', {
      qid: MINOR_ARTIST_QID,
      languages: ['fr', 'es'],
      auto_publish: 'publish',
    });

    expect(run.error).toBeNull();
    expect(run.state).toBe(RunState.COMPLETED);
    const result = run.result as ProcessArtistResult;
    expect(result).toMatchObject({
      artist_name: 'Louis Cario',
      success: true,
      wordpress_post_ids: {},
      piwigo_gallery_id: null,
      page_links: { fr: null, es: null },
      images_uploaded: 0,
    });
    expect(result.steps_completed).not.toContain('piwigo-upload');

    const posts = await world.posts.findByQid(MINOR_ARTIST_QID);
    expect(posts.map((post) => [post.lang, post.slug, post.status, post.wordpressId])).toEqual([
      ['es', 'q45353642-es', 'local-draft', null],
      ['fr', 'q45353642-fr', 'local-draft', null],
    ]);
    const french = posts.find((post) => post.lang === 'fr')!;
    expect(french.title).toBe('Où trouver Louis Cario dans Wikidata, suivez le guide');
    expect(french.content).toContain('<!-- wp:heading -->');
    expect(french.content).toContain('Wikidata ne relie Louis Cario à aucune autre base de données.');
    expect(french.content).toContain('Quelques œuvres de Louis Cario sur Wikimedia Commons');
    expect(posts.find((post) => post.lang === 'es')!.content).toContain('Wikidata no enlaza a Louis Cario');

    const logs = (await world.worker.get(RunLogRepository).findByRun(run.id)).map((line) => line.message);
    expect(logs).toContain('Piwigo is not configured (PIWIGO_URL unset): no gallery published');
    expect(logs).toContain(
      'Page q45353642-fr kept as a draft in the database: WordPress is not configured (WORDPRESS_URL unset)',
    );
    expect(await world.artists.findByQid(MINOR_ARTIST_QID)).toMatchObject({
      name: 'Louis Cario',
      worksCount: 2,
      piwigoGalleryId: null,
      lastRunId: run.id,
    });
  });
});
