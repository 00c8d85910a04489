const SECRET_PARAMETER = /pass|pwd|token|secret|key|auth|session/i;

/** The URL fit for an error message or a log: no user:password, secret-looking query parameters masked. */
export function redactedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (_notAUrl) {
    return '(invalid URL)';
  }
  parsed.username = '';
  parsed.password = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAMETER.test(name)) parsed.searchParams.set(name, '***');
  }
  const text = parsed.toString();
  // A long query (a SPARQL text in a GET) would drown the message.
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
