import { GeminiClient } from '@relais/integrations/gemini/gemini.client';
import { IntegrationError } from '@relais/integrations/http/integration.errors';
import { FakeGemini } from '../fakes/gemini.fake';

describe('GeminiClient (official @google/genai SDK) against the fake Gemini API', () => {
  const gemini = new FakeGemini();
  const client = (apiKey = gemini.apiKey) =>
    new GeminiClient({ apiKey, baseUrl: gemini.url, model: 'gemini-2.5-flash', timeoutMs: 10_000, maxRetries: 2 });

  beforeAll(() => gemini.start());
  afterAll(() => gemini.stop());
  beforeEach(() => gemini.reset());

  it('labels rows in their order through generateContent, with a JSON response schema and the key in its header', async () => {
    const labels = await client().classifyRows([
      'MENUISERIES EXTÉRIEURES',
      'Nota : prix y compris pose',
      'Porte 1 234,56',
    ]);
    expect(labels).toEqual(['section', 'note', 'element']);
    const [request] = gemini.requests;
    expect(request.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(request.headers['x-goog-api-key']).toBe(gemini.apiKey);
    expect(request.url).not.toContain(gemini.apiKey);
    const body = JSON.parse(request.body.toString('utf8')) as { generationConfig: Record<string, unknown> };
    expect(body.generationConfig).toMatchObject({ responseMimeType: 'application/json', temperature: 0 });
    expect(body.generationConfig.responseSchema).toMatchObject({ type: 'ARRAY' });
  });

  it('waits the RetryInfo delay of a 429 RESOURCE_EXHAUSTED, then retries', async () => {
    gemini.rateLimitNext(1, 1);
    expect(await client().classifyRows(['GROS OEUVRE'])).toEqual(['section']);
    expect(gemini.requests).toHaveLength(2);
  });

  it('a refused key is an IntegrationError that does not quote the key', async () => {
    const error = (await client('AIzaWrongKey-0123456789')
      .classifyRows(['X'])
      .catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error.message).toContain('400');
    expect(error.message).not.toContain('AIzaWrongKey-0123456789');
  });
});
