import { IntegrationError } from '../http/integration.errors';

/** The file is not on Commons (Special:FilePath answered 404). */
export class CommonsFileNotFoundError extends IntegrationError {
  constructor(readonly fileName: string) {
    super('Wikimedia Commons', `File "${fileName}" not found on Wikimedia Commons`);
    this.name = 'CommonsFileNotFoundError';
  }
}
