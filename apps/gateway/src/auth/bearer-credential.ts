/** What a request's Authorization header holds. */
export type BearerCredential = { kind: 'missing' } | { kind: 'malformed' } | { kind: 'token'; token: string };

/** Longer than any token Relais accepts (generated tokens are 50 characters, bootstrap ones at most 200). */
const MAX_TOKEN_LENGTH = 512;

/** Reads `Authorization: Bearer <token>` (RFC 6750; the scheme is case-insensitive). */
export function bearerCredential(header: string | string[] | undefined): BearerCredential {
  if (header === undefined || header === '') return { kind: 'missing' };
  if (Array.isArray(header)) return { kind: 'malformed' };
  const match = /^Bearer +([\x21-\x7e]+) *$/i.exec(header);
  if (!match || match[1].length > MAX_TOKEN_LENGTH) return { kind: 'malformed' };
  return { kind: 'token', token: match[1] };
}
