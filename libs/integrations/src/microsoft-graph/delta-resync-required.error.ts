import { IntegrationError } from '../http/integration.errors';

/**
 * Graph answered a delta link with 410 Gone (`resyncRequired`, `syncStateNotFound`…): the link is too old or the
 * drive's change log was reset, and the changes can only be known again from a full listing.
 */
export class DeltaResyncRequired extends IntegrationError {
  constructor(code: string) {
    super('Microsoft Graph', `delta link expired (410 ${code}): a full listing is needed`);
  }
}
