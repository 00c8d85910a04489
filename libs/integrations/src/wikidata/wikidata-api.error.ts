import { IntegrationError } from '../http/integration.errors';

/** The Action API answered with {error: {code, info}} (maxlag after the retries, badvalue…). */
export class WikidataApiError extends IntegrationError {
  constructor(
    readonly code: string,
    readonly info: string,
  ) {
    super('Wikidata Action API', `Wikidata Action API error ${code}: ${info}`);
    this.name = 'WikidataApiError';
  }
}
