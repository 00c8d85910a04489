import {
  ApiRequestError,
  GatewayUnreachableError,
  InterruptedError,
  RunUnsuccessfulError,
  UsageError,
} from './cli-errors';

/**
 * What to print on stderr for an error that ended a command: what went wrong and what to do about it. Empty
 * when the command already reported it (a watched run's failure).
 */
export function describeError(error: unknown): string {
  if (error instanceof RunUnsuccessfulError) return '';
  if (error instanceof UsageError || error instanceof InterruptedError) return error.message;
  if (error instanceof GatewayUnreachableError) {
    return `Cannot reach the Relais gateway at ${error.url} (${error.reason}). Is it running? Set RELAIS_URL or --url.`;
  }
  if (error instanceof ApiRequestError) return describeApiError(error);
  if (error instanceof Error) return `Unexpected error: ${error.stack ?? error.message}`;
  return `Unexpected error: ${String(error)}`;
}

function describeApiError(error: ApiRequestError): string {
  const status = `${error.status} ${error.statusText}`.trim();
  switch (error.status) {
    case 400:
    case 422:
      return describeInvalidRequest(error);
    case 401:
      return error.tokenSource
        ? `The gateway refused the token from ${error.tokenSource} (${status}: ${error.apiMessage}). Set RELAIS_TOKEN or --token.`
        : `The gateway needs an API token (${status}: ${error.apiMessage}). Set RELAIS_TOKEN or --token (or RELAIS_TOKEN_FILE).`;
    case 403:
      return (
        `The token${error.tokenSource ? ` from ${error.tokenSource}` : ''} may not do this (${status}: ${error.apiMessage}). ` +
        'Use a token with a higher role (an admin can make one: relais token create NAME --role operator).'
      );
    case 404:
    case 409:
      return error.apiMessage;
    case 429:
      return `The gateway is rate-limiting this client (${status}: ${error.apiMessage}). Wait a minute and try again.`;
    default:
      return `The gateway failed on ${error.method} ${error.path} (${status}: ${error.apiMessage}).`;
  }
}

/** A 400: the gateway's message, then each field at fault with what it expects. */
function describeInvalidRequest(error: ApiRequestError): string {
  const fields = error.body?.fields;
  const lines = [`The gateway rejected the request: ${error.apiMessage}`];
  if (fields && typeof fields === 'object') {
    for (const [field, problems] of Object.entries(fields)) {
      lines.push(`  ${field}: ${Array.isArray(problems) ? problems.join('; ') : String(problems)}`);
    }
  }
  return lines.join('\n');
}
