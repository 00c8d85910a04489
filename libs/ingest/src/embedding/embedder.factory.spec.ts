import { InvalidIngestSettings } from '../ingest.errors';
import { createEmbedder } from './embedder.factory';

describe('createEmbedder', () => {
  it('builds the offline embedder by default size, or the size asked', () => {
    expect(createEmbedder({ provider: 'hashing' }).id).toBe('hashing-v1-512');
    expect(createEmbedder({ provider: 'hashing', dimensions: 1024 }).dimensions).toBe(1024);
  });

  it('builds the Mistral embedder, and refuses it without a key, naming the setting', () => {
    expect(createEmbedder({ provider: 'mistral', apiKey: 'k' }).id).toBe('mistral-mistral-embed');
    expect(() => createEmbedder({ provider: 'mistral', apiKey: ' ' })).toThrow(InvalidIngestSettings);
    expect(() => createEmbedder({ provider: 'mistral', apiKey: '' })).toThrow(/embedder\.apiKey/);
  });

  it('refuses an unknown provider, naming it', () => {
    expect(() => createEmbedder({ provider: 'openai' } as never)).toThrow(
      /embedder\.provider: must be hashing or mistral \(got openai\)/,
    );
  });
});
