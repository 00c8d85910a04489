import { IntegrationError } from '../../http/integration.errors';

/** The item does not exist on Wikidata (or was deleted). Another attempt cannot fix it. */
export class NotFoundOnWikidata extends IntegrationError {
  /** Read by the flow engine: the run fails at once instead of retrying. */
  readonly retryable = false;

  constructor(readonly qid: string) {
    super('Wikidata', `${qid} not found on Wikidata`);
    this.name = 'NotFoundOnWikidata';
  }
}
