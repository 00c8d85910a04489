/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/** Relais API tokens (`relais_` + 43 base64url characters) and anything shaped like one. */
const RELAIS_TOKEN = 'relais_[A-Za-z0-9_-]{20,}';
/**
 * The credential of an `Authorization: Bearer …` header or a `Bearer …` mention: RFC 6750's b64token characters,
 * so punctuation around it stays. The group keeps the scheme (a capture, not a lookbehind, which V8 would try at
 * every position: 2.5 times slower).
 */
const BEARER_CREDENTIAL = String.raw`\b((?:[Bb]earer|BEARER)\s+)[A-Za-z0-9\-._~+/]+=*`;
/**
 * The password of a URL's user info (`mysql://user:password@host`), configured or not: an error can quote the URL
 * of a server Relais was never told is secret. The group keeps `scheme://user:`.
 */
const URL_PASSWORD = String.raw`\b([a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@]*:)[^\s/@]+@`;

/**
 * Replaces secrets in text with `[REDACTED]`: every configured secret value (RelaisConfig.secrets), anything
 * that looks like a Relais token, bearer credentials, and passwords inside URLs. Built once per process; a single combined regular
 * expression keeps the cost per log line to one scan.
 */
export class SecretRedactor {
  private readonly pattern: RegExp;

  constructor(secrets: readonly string[]) {
    // Longest first, so that a secret containing another one is replaced whole. The URL-encoded form too: a
    // secret with reserved characters appears that way in a logged URL.
    const literals = [...new Set(secrets.flatMap((secret) => [secret, encodeURIComponent(secret)]))]
      .filter((secret) => secret.length > 0)
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp);
    this.pattern = new RegExp([...literals, RELAIS_TOKEN, BEARER_CREDENTIAL, URL_PASSWORD].join('|'), 'g');
  }

  redact(text: string): string {
    return text.replace(this.pattern, (_match, scheme: string | undefined, userInfo: string | undefined) =>
      userInfo ? `${userInfo}${REDACTED}@` : (scheme ?? '') + REDACTED,
    );
  }

  /** `redact` for optional values (a run's error, a progress message). */
  redactNullable<T extends string | null | undefined>(text: T): T {
    return (typeof text === 'string' ? this.redact(text) : text) as T;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
