/** Where a page of runs ended: the (createdAt, id) of its last run, the keyset the next page starts after. */
export interface RunCursor {
  createdAt: number;
  id: string;
}

/** The opaque `cursor` of `GET /api/runs`: base64url of `[createdAt, id]`. */
export function encodeRunCursor(cursor: RunCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

/** The cursor's keyset, or null when `text` is not a cursor this API produced. */
export function decodeRunCursor(text: string): RunCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch (error) {
    if (error instanceof SyntaxError) return null;
    throw error;
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) return null;
  const [createdAt, id] = decoded as unknown[];
  if (!Number.isSafeInteger(createdAt) || (createdAt as number) < 0) return null;
  if (typeof id !== 'string' || id.length === 0 || id.length > 36) return null;
  return { createdAt: createdAt as number, id };
}
