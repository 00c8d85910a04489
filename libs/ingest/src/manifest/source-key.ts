import { createHash } from 'node:crypto';

/** The manifest's unique key for a source: its SHA-256 in hex (a 1000-character path fits no MySQL index). */
export function sourceKeyOf(source: string): string {
  return createHash('sha256').update(source, 'utf8').digest('hex');
}
