import {
  ScrutartArtistRepository,
  ScrutartImageRepository,
  ScrutartPostRepository,
} from '@relais/domains/scrutart/persistence';
import type {
  PublishedArtistListResponse,
  PublishedArtistResponse,
} from '@relais/domains/scrutart/gateway/published-artists.responses';
import { useApiGateway } from '../gateway/api-test-gateway';
import { callApi } from '../gateway/gateway-harness';

interface ApiError {
  message: string;
  fields?: Record<string, string[]>;
}

describe('GET /api/scrutart/artists (rows written through the Scrutart repositories)', () => {
  const api = useApiGateway({
    env: { COMMONS_FILE_URL: 'https://commons.test/wiki/Special:FilePath/', PIWIGO_URL: 'https://piwigo.test/' },
  });
  let viewerToken: string;
  const at = Date.UTC(2024, 7, 30, 12, 0, 0);

  beforeAll(async () => {
    const artists = api.gateway.moduleRef.get(ScrutartArtistRepository);
    const images = api.gateway.moduleRef.get(ScrutartImageRepository);
    const posts = api.gateway.moduleRef.get(ScrutartPostRepository);
    await artists.save({
      qid: 'Q296',
      name: 'Claude Monet',
      worksCount: 2012,
      piwigoGalleryId: 12,
      piwigoGalleryUrl: 'https://piwigo.test/index.php?/category/12',
      lastRunId: '8d7f5a4e-0000-4000-8000-000000000001',
      lastProcessedAt: at,
    });
    // Three more artists, each processed an hour before the previous one.
    for (const [index, qid] of ['Q5582', 'Q5597', 'Q762'].entries()) {
      await artists.save({ qid, name: `Artist ${qid}`, lastProcessedAt: at - (index + 1) * 3_600_000 });
    }
    for (const [workQid, piwigoImageId, file] of [
      ['Q1', 101, 'Impression,_soleil_levant.jpg'],
      ['Q2', 102, 'Water_Lilies.jpg'],
      ['Q3', 103, 'Rouen_Cathedral.jpg'],
    ] as const) {
      await images.record({
        artistQid: 'Q296',
        workQid,
        commonsFile: file,
        title: `Work ${workQid}`,
        piwigoImageId,
        piwigoGalleryId: 12,
        uploadedAt: at + piwigoImageId,
      });
    }
    const post = { qid: 'Q296', content: null, runId: '8d7f5a4e-0000-4000-8000-000000000001' };
    await posts.save(
      {
        ...post,
        lang: 'fr',
        slug: 'q296-fr',
        title: 'Claude Monet',
        status: 'publish',
        wordpressId: 77,
        link: 'https://wp.test/q296-fr/',
      },
      at,
    );
    await posts.save(
      {
        ...post,
        lang: 'en',
        slug: 'q296-en',
        title: 'Claude Monet (en)',
        status: 'local-draft',
        wordpressId: null,
        link: null,
      },
      at,
    );
    const viewer = await callApi<{ token: string }>(api.gateway, 'POST', '/api/tokens', {
      body: { name: 'scrutart-reader', role: 'viewer' },
    });
    viewerToken = viewer.body.token;
  });

  it('pages the artists, the most recently processed first, with their pages and images counts', async () => {
    const first = await callApi<PublishedArtistListResponse>(api.gateway, 'GET', '/api/scrutart/artists?limit=2', {
      token: viewerToken,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 4, limit: 2, offset: 0 });
    expect(first.body.items.map((artist) => artist.qid)).toEqual(['Q296', 'Q5582']);
    expect(first.body.items[0]).toEqual({
      qid: 'Q296',
      name: 'Claude Monet',
      description: null,
      works_count: 2012,
      last_processed_at: '2024-08-30T12:00:00.000Z',
      last_run_id: '8d7f5a4e-0000-4000-8000-000000000001',
      pages_count: 2,
      images_count: 3,
      gallery_url: 'https://piwigo.test/index.php?/category/12',
    });
    expect(first.body.items[1]).toMatchObject({ pages_count: 0, images_count: 0, gallery_url: null });

    const second = await callApi<PublishedArtistListResponse>(
      api.gateway,
      'GET',
      '/api/scrutart/artists?limit=2&offset=2',
    );
    expect(second.body.items.map((artist) => artist.qid)).toEqual(['Q5597', 'Q762']);
  });

  it("gives an artist's pages and one page of its gallery, with Piwigo links and Commons thumbnails", async () => {
    const response = await callApi<PublishedArtistResponse>(
      api.gateway,
      'GET',
      '/api/scrutart/artists/Q296?limit=2&offset=1',
      { token: viewerToken },
    );
    expect(response.status).toBe(200);
    expect(response.body.artist).toMatchObject({ qid: 'Q296', pages_count: 2, images_count: 3 });
    expect(response.body.pages).toEqual([
      expect.objectContaining({ language: 'en', status: 'local-draft', wordpress_id: null, url: null }),
      expect.objectContaining({
        language: 'fr',
        status: 'publish',
        wordpress_id: 77,
        url: 'https://wp.test/q296-fr/',
        created_at: '2024-08-30T12:00:00.000Z',
      }),
    ]);
    expect(response.body.gallery).toMatchObject({
      piwigo_album_id: 12,
      url: 'https://piwigo.test/index.php?/category/12',
      images_total: 3,
      limit: 2,
      offset: 1,
    });
    expect(response.body.gallery.images).toEqual([
      {
        work_qid: 'Q2',
        title: 'Work Q2',
        piwigo_image_id: 102,
        url: 'https://piwigo.test/picture.php?/102/category/12',
        thumbnail_url: 'https://commons.test/wiki/Special:FilePath/Water_Lilies.jpg?width=240',
        source_url: 'https://commons.test/wiki/Special:FilePath/Water_Lilies.jpg',
        uploaded_at: new Date(at + 102).toISOString(),
      },
      expect.objectContaining({ work_qid: 'Q3', piwigo_image_id: 103 }),
    ]);
  });

  it('answers 404 for an artist never processed, 400 naming the field at fault', async () => {
    const unknown = await callApi<ApiError>(api.gateway, 'GET', '/api/scrutart/artists/Q999999');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('Q999999');

    const malformed = await callApi<ApiError>(api.gateway, 'GET', '/api/scrutart/artists/Monet');
    expect(malformed.status).toBe(400);
    expect(malformed.body.fields).toHaveProperty('qid');

    for (const [query, field] of [
      ['limit=101', 'limit'],
      ['limit=0', 'limit'],
      ['offset=-1', 'offset'],
      ['limit=ten', 'limit'],
    ] as const) {
      const bad = await callApi<ApiError>(api.gateway, 'GET', `/api/scrutart/artists?${query}`);
      expect({ query, status: bad.status, fields: Object.keys(bad.body.fields ?? {}) }).toEqual({
        query,
        status: 400,
        fields: [field],
      });
    }
  });
});
