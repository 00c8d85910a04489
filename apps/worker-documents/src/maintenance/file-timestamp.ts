/** `20250612-020000`: a moment as it goes in a file or folder name (UTC, sorts in time order). */
export function fileTimestamp(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
}
