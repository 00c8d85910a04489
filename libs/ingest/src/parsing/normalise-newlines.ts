/** CRLF and lone CR become LF, so that the chunker's separators match whatever system wrote the file. */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
