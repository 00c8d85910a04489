import { RelaisError } from '@relais/contracts';

/** No document of the manifest has this id: 404. */
export class DocumentNotFound extends RelaisError {
  readonly kind = 'not_found';
  constructor(readonly id: string) {
    super(`No document has the id ${id}`);
    this.name = 'DocumentNotFound';
  }
}

/** Chroma does not answer: 503 with Retry-After; the details (its URL, its words) stay in the log. */
export class VectorIndexUnavailable extends RelaisError {
  readonly kind = 'unavailable';
  constructor(detail: string) {
    super(`The vector index (Chroma) is unavailable: ${detail}`);
    this.name = 'VectorIndexUnavailable';
  }

  override get publicMessage(): string {
    return 'The vector index (Chroma) is unavailable: try again shortly';
  }
}
