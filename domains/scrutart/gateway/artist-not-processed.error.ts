import { RelaisError } from '@relais/contracts';

/** A QID Scrutart has published nothing for: a 404 on every route. */
export class ArtistNotProcessed extends RelaisError {
  readonly kind = 'not_found';

  constructor(qid: string) {
    super(`Scrutart has not processed artist ${qid}`);
    this.name = 'ArtistNotProcessed';
  }
}
