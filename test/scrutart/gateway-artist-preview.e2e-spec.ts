import type { Redis } from 'ioredis';
import { REDIS_CLIENT } from '@relais/engine';
import { startScrutartFakes, type ScrutartFakes } from '../fakes';
import { callApi, startGateway, type RunningGateway } from '../gateway/gateway-harness';

interface SeedError {
  error: string;
}

describe('GET /api/artist/{qid}/preview and /artworks/count (Wikidata fakes)', () => {
  let fakes: ScrutartFakes;
  let gateway: RunningGateway;

  beforeAll(async () => {
    fakes = await startScrutartFakes({ wordpress: false, piwigo: false });
    gateway = await startGateway({ env: fakes.env });
  });

  afterAll(async () => {
    await gateway.close();
    await gateway.cleanup();
    await fakes.stop();
  });

  it('answers the seed preview {qid, name, description, birth_year, death_year, nationality, movement, image}', async () => {
    const response = await callApi(gateway, 'GET', '/api/artist/Q296/preview');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      qid: 'Q296',
      name: 'Claude Monet',
      description: 'peintre impressionniste français',
      birth_year: 1840,
      death_year: 1926,
      nationality: 'France',
      movement: 'impressionnisme',
      image: `${fakes.commons.fileUrl.replace(/\/?$/, '/')}Claude_Monet_1899_Nadar_crop.jpg`,
    });
  });

  it('answers in another language with ?lang=', async () => {
    const response = await callApi(gateway, 'GET', '/api/artist/Q296/preview?lang=es');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ name: 'Claude Monet', nationality: 'Francia', movement: 'impresionismo' });
  });

  it('caches the preview in Redis for an hour, shared by every gateway replica', async () => {
    const first = await callApi(gateway, 'GET', '/api/artist/Q296/preview');
    const requests = fakes.actionApi.requests.length;
    const second = await callApi(gateway, 'GET', '/api/artist/Q296/preview');
    expect(second.body).toEqual(first.body);
    expect(fakes.actionApi.requests.length).toBe(requests);
    const redis = gateway.moduleRef.get<Redis>(REDIS_CLIENT);
    const key = `${gateway.config.redisPrefix}:scrutart:artist-preview:Q296:fr`;
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(59 * 60 * 1000);
    expect(ttl).toBeLessThanOrEqual(60 * 60 * 1000);

    // A second replica has its own (empty) in-memory Wikidata client cache: only Redis can spare the request.
    const replica = await startGateway({ shareWith: gateway, env: fakes.env });
    try {
      const before = fakes.actionApi.requests.length;
      const response = await callApi(replica, 'GET', '/api/artist/Q296/preview');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ qid: 'Q296', name: 'Claude Monet', birth_year: 1840 });
      expect(fakes.actionApi.requests.length).toBe(before);
    } finally {
      await replica.close();
    }
  });

  it('answers 404 {error} for a QID Wikidata does not know, and does not cache it', async () => {
    const response = await callApi<SeedError>(gateway, 'GET', '/api/artist/Q999999999/preview');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: 'Q999999999 not found on Wikidata' });
    const redis = gateway.moduleRef.get<Redis>(REDIS_CLIENT);
    expect(await redis.exists(`${gateway.config.redisPrefix}:scrutart:artist-preview:Q999999999:fr`)).toBe(0);
  });

  it('answers 400 {error} for a malformed QID or language', async () => {
    const qid = await callApi<SeedError>(gateway, 'GET', '/api/artist/Monet/preview');
    expect(qid.status).toBe(400);
    expect(qid.body.error).toMatch(/^qid must be a Wikidata item id/);
    const language = await callApi<SeedError>(gateway, 'GET', '/api/artist/Q296/preview?lang=de');
    expect(language.status).toBe(400);
    expect(language.body.error).toMatch(/^lang must be one of fr, en, es/);
    const count = await callApi<SeedError>(gateway, 'GET', '/api/artist/Q-1/artworks/count');
    expect(count.status).toBe(400);
  });

  it('answers 502 {error} when Wikidata keeps failing, without showing the upstream URL', async () => {
    // An artist not asked for yet, so neither cache answers; every attempt (1 + HTTP_MAX_RETRIES) fails.
    fakes.actionApi.failNext(3, 503);
    const response = await callApi<SeedError>(gateway, 'GET', '/api/artist/Q5582/preview');
    expect(response.status).toBe(502);
    expect(response.body.error).toMatch(/did not answer as expected: try again later$/);
    // Internal hosts and ports are for the gateway's log, not for every viewer.
    expect(JSON.stringify(response.body)).not.toMatch(/127\.0\.0\.1|localhost|https?:/);
  });

  it('counts the artworks {qid, artworks_count} and caches the count', async () => {
    const response = await callApi(gateway, 'GET', '/api/artist/Q296/artworks/count');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ qid: 'Q296', artworks_count: 28 });
    const redis = gateway.moduleRef.get<Redis>(REDIS_CLIENT);
    expect(await redis.get(`${gateway.config.redisPrefix}:scrutart:artworks-count:Q296`)).toBe('28');

    const replica = await startGateway({ shareWith: gateway, env: fakes.env });
    try {
      const before = fakes.queryService.requests.length;
      const again = await callApi(replica, 'GET', '/api/artist/Q296/artworks/count');
      expect(again.body).toEqual({ qid: 'Q296', artworks_count: 28 });
      expect(fakes.queryService.requests.length).toBe(before);
    } finally {
      await replica.close();
    }
  });

  it('counts 0 artworks for an unknown QID, as the seed did', async () => {
    const response = await callApi(gateway, 'GET', '/api/artist/Q999999998/artworks/count');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ qid: 'Q999999998', artworks_count: 0 });
  });
});
