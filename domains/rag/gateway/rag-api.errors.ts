import { RelaisError } from '@relais/contracts';

/** Chroma does not answer: 503 with Retry-After; the details (its URL, its words) stay in the log. */
export class KnowledgeBaseUnavailable extends RelaisError {
  readonly kind = 'unavailable';
  constructor(detail: string) {
    super(`The knowledge base's vector index (Chroma) is unavailable: ${detail}`);
    this.name = 'KnowledgeBaseUnavailable';
  }

  override get publicMessage(): string {
    return "The knowledge base's vector index (Chroma) is unavailable: try again shortly";
  }
}
