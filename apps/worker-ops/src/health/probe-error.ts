import { types } from 'node:util';

/** The message a finding shows for a probe's failure, with the underlying cause when there is one. */
export function describeFailure(error: unknown): string {
  if (isError(error)) {
    // net reports a refused dual-stack connect (::1 and 127.0.0.1) as an AggregateError with an empty message.
    if ('errors' in error && Array.isArray(error.errors) && error.errors.length > 0) {
      return error.errors.map(describeFailure).join('; ');
    }
    const code = errorCode(error);
    const message = error.message || error.name;
    const described = code && !message.includes(code) ? `${code}: ${message}` : message;
    // fetch says only "fetch failed"; the refused connection or DNS failure is in its cause.
    return error.cause === undefined ? described : `${described} (${describeFailure(error.cause)})`;
  }
  return typeof error === 'string' ? error : JSON.stringify(error);
}

/** The errno-style `code` of a Node.js error (`ENOENT`, `ECONNREFUSED`…), if any. */
export function errorCode(error: unknown): string | undefined {
  if (isError(error) && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

// isNativeError also recognises errors from another realm (a vm context, Jest's sandbox), where instanceof fails.
// Error.isError (what @types/node 26 suggests instead) does the same from Node 24 on; Node 22 lacks it.
function isError(error: unknown): error is Error {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- see above
  return error instanceof Error || types.isNativeError(error);
}
