/**
 * Milliseconds a Retry-After header asks to wait: delta-seconds ("120") or an HTTP date; null when absent or
 * unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // Date.parse reads "-5" as a year: a number that is not delta-seconds is no date either.
  if (/^[-+]?\d/.test(text)) return null;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}
