import { IntegrationError } from '@relais/integrations';

/** The item exists but Scrutart cannot write about it: not a human, or no work has it as creator. */
export class NotAnArtistOnWikidata extends IntegrationError {
  /** Read by the flow engine: the run fails at once instead of retrying. */
  readonly retryable = false;

  constructor(
    readonly qid: string,
    readonly reason: string,
  ) {
    super('Wikidata', `${qid} is not an artist Scrutart can describe: ${reason}`);
    this.name = 'NotAnArtistOnWikidata';
  }
}
