import { useMigratedDatabase } from '../../../../test/support/migrated-database';
import { ScrutartPostRepository, type ScrutartPostUpdate } from './scrutart-post.repository';

describe('ScrutartPostRepository', () => {
  const db = useMigratedDatabase();
  let posts: ScrutartPostRepository;
  beforeAll(() => {
    posts = new ScrutartPostRepository(db.dataSource);
  });

  const aPost = (overrides: Partial<ScrutartPostUpdate>): ScrutartPostUpdate => ({
    qid: 'Q296',
    lang: 'fr',
    slug: 'q296-fr',
    title: 'Où trouver Claude Monet dans Wikidata, suivez le guide',
    status: 'local-draft',
    wordpressId: null,
    link: null,
    content: null,
    runId: 'run-1',
    ...overrides,
  });

  it('keeps a large local draft, then replaces it by its WordPress publication, keeping its creation time', async () => {
    const content = `<!-- wp:paragraph --><p>${'é'.repeat(40_000)}</p><!-- /wp:paragraph -->`;
    const draft = await posts.save(aPost({ content }), 1_000);
    expect(draft.content).toBe(content);

    const published = await posts.save(
      aPost({ status: 'publish', wordpressId: 42, link: 'https://wp/q296-fr/', runId: 'run-2' }),
      2_000,
    );

    expect(published).toEqual({
      ...aPost({ status: 'publish', wordpressId: 42, link: 'https://wp/q296-fr/', runId: 'run-2' }),
      createdAt: 1_000,
      updatedAt: 2_000,
    });
  });

  it("lists an artist's pages by language and every page newest first", async () => {
    await posts.save(aPost({ qid: 'Q5582', lang: 'es', slug: 'q5582-es' }), 5_000);
    await posts.save(aPost({ qid: 'Q5582', lang: 'en', slug: 'q5582-en' }), 6_000);

    expect((await posts.findByQid('Q5582')).map((post) => post.lang)).toEqual(['en', 'es']);
    expect((await posts.findAll())[0]).toMatchObject({ qid: 'Q5582', lang: 'en' });
    expect(await posts.find('Q5582', 'fr')).toBeNull();
  });
});
