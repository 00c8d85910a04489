import { FakeMistral } from '../../../../test/fakes/mistral.fake';
import { EmbeddingFailed } from '../ingest.errors';
import { MistralEmbedder } from './mistral.embedder';

describe('MistralEmbedder (official SDK against the fake Mistral API)', () => {
  const mistral = new FakeMistral();
  beforeAll(() => mistral.start());
  afterAll(() => mistral.stop());
  beforeEach(() => mistral.reset());

  const embedder = (options: Partial<ConstructorParameters<typeof MistralEmbedder>[0]> = {}) =>
    new MistralEmbedder({ apiKey: mistral.apiKey, serverUrl: mistral.url, batchSize: 2, ...options });

  it('embeds texts in batches over POST /v1/embeddings, in order, with the key as a bearer token', async () => {
    const texts = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];

    const vectors = await embedder().embed(texts);

    expect(vectors).toEqual(texts.map((text) => mistral.vectorOf(text)));
    expect(mistral.embeddedInputs()).toEqual([['alpha', 'beta'], ['gamma', 'delta'], ['epsilon']]);
    const [first] = mistral.requestsTo('/v1/embeddings');
    expect(first.headers.authorization).toBe(`Bearer ${mistral.apiKey}`);
    expect(JSON.parse(first.body.toString('utf8'))).toEqual({ model: 'mistral-embed', input: ['alpha', 'beta'] });
    expect(embedder().id).toBe('mistral-mistral-embed');
  });

  it('waits what Retry-After asks on 429, then succeeds', async () => {
    mistral.rateLimitNext(1, 1);

    const vectors = await embedder().embed(['after the rate limit']);

    expect(vectors).toEqual([mistral.vectorOf('after the rate limit')]);
    const [limited, retried] = mistral.requestsTo('/v1/embeddings');
    expect(retried.receivedAt - limited.receivedAt).toBeGreaterThanOrEqual(950);
  });

  it('gives up with EmbeddingFailed (status 429) when the rate limit outlasts the retry budget', async () => {
    mistral.rateLimitNext(10, 1);

    const error = await embedder({ maxRetryElapsedMs: 500 })
      .embed(['never'])
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(EmbeddingFailed);
    expect((error as EmbeddingFailed).status).toBe(429);
    expect(mistral.requestsTo('/v1/embeddings').length).toBeGreaterThanOrEqual(1);
  });

  it('fails at once on a wrong key, with the status and without the key in the message', async () => {
    const error = await embedder({ apiKey: 'wrong-secret-key' })
      .embed(['text'])
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(EmbeddingFailed);
    expect((error as EmbeddingFailed).status).toBe(401);
    expect((error as Error).message).not.toContain('wrong-secret-key');
    expect(mistral.requestsTo('/v1/embeddings')).toHaveLength(1);
  });

  it('refuses an answer whose vectors do not have the configured length', async () => {
    mistral.dimensions = 8;
    try {
      await expect(embedder().embed(['short'])).rejects.toThrow(/no 1024-dimension vector for input 0 \(got 8\)/);
    } finally {
      mistral.dimensions = 1024;
    }
  });
});
