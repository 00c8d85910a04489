import { InvalidIngestSettings } from '../ingest.errors';
import type { Embedder } from './embedder';
import { HashingEmbedder } from './hashing.embedder';
import { MistralEmbedder, type MistralEmbedderOptions } from './mistral.embedder';

/** Which embedder to use: the offline one by default, Mistral when chosen (and a key is given). */
export type EmbedderSettings =
  { provider: 'hashing'; /** Default 512. */ dimensions?: number } | ({ provider: 'mistral' } & MistralEmbedderOptions);

/** The embedder `settings` describe; a Mistral choice without a key fails here, at start-up, naming the setting. */
export function createEmbedder(settings: EmbedderSettings): Embedder {
  switch (settings.provider) {
    case 'hashing':
      return new HashingEmbedder(settings.dimensions);
    case 'mistral':
      if (!settings.apiKey.trim()) {
        throw new InvalidIngestSettings('embedder.apiKey', 'the Mistral embedder needs MISTRAL_API_KEY');
      }
      return new MistralEmbedder(settings);
    default: {
      const unknown: { provider?: unknown } = settings;
      throw new InvalidIngestSettings(
        'embedder.provider',
        `must be hashing or mistral (got ${String(unknown.provider)})`,
      );
    }
  }
}
