import { IntegrationError } from '../http/integration.errors';

/** WordPress refused a request with its {code, message} error body (rest_cannot_create, incorrect_password…). */
export class WordPressError extends IntegrationError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly wpMessage: string,
    /** Method and URL, without credentials. */
    readonly url: string,
  ) {
    super('WordPress', `WordPress answered ${status} ${code} to ${url}: ${stripTags(wpMessage)}`);
    this.name = 'WordPressError';
  }

  /** true when WordPress refused the credentials or the user's rights (401/403). */
  get isAuthenticationFailure(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

// WordPress messages carry HTML (<strong>Error:</strong> …); messages end up in logs and run records.
function stripTags(text: string): string {
  return text.replace(/<[^>]*>/g, '');
}
