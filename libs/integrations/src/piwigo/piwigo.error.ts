import { IntegrationError } from '../http/integration.errors';

/** Piwigo answered {stat: "fail", err, message} (401 Access denied, 403 Invalid security token, 1002 missing parameter…). */
export class PiwigoError extends IntegrationError {
  constructor(
    readonly method: string,
    readonly err: number,
    readonly piwigoMessage: string,
  ) {
    super('Piwigo', `Piwigo ${method} failed with error ${err}: ${piwigoMessage}`);
    this.name = 'PiwigoError';
  }
}
