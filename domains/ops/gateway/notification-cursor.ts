/** The opaque `cursor` of `GET /api/notifications`: base64url of `[createdAt, id]`. */
export function encodeNotificationCursor(cursor: { createdAt: number; id: string }): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

/** The cursor's keyset, or null when `text` is not a cursor this API produced. */
export function decodeNotificationCursor(text: string): { createdAt: number; id: string } | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [createdAt, id] = value as unknown[];
    if (typeof createdAt !== 'number' || !Number.isSafeInteger(createdAt) || typeof id !== 'string') return null;
    return id.length <= 36 ? { createdAt, id } : null;
  } catch {
    return null;
  }
}
