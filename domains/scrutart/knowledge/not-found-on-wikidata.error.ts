import type { ErrorKind } from '@relais/contracts';
import { IntegrationError } from '@relais/integrations';

/** The item does not exist on Wikidata (or was deleted). Another attempt cannot fix it. */
export class NotFoundOnWikidata extends IntegrationError {
  override readonly kind: ErrorKind = 'not_found';
  /** Read by the flow engine: the run fails at once instead of retrying. */
  readonly retryable = false;

  constructor(readonly qid: string) {
    super('Wikidata', `${qid} not found on Wikidata`);
    this.name = 'NotFoundOnWikidata';
  }
}
