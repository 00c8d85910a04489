/** One part of a multipart/form-data body. */
export interface MultipartPart {
  name: string;
  fileName: string | null;
  contentType: string | null;
  data: Buffer;
}

/** Splits a multipart/form-data body into its parts (RFC 7578); throws on a body that is not one. */
export function parseMultipart(body: Buffer, contentTypeHeader: string): MultipartPart[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentTypeHeader);
  if (!boundary) throw new Error('multipart body without boundary');
  const delimiter = Buffer.from(`--${boundary[1]}`);
  const parts: MultipartPart[] = [];
  let position = body.indexOf(delimiter);
  if (position < 0) throw new Error('multipart boundary not found in body');
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString() === '--') return parts;
    position += 2; // CRLF after the delimiter
    const next = body.indexOf(delimiter, position);
    if (next < 0) throw new Error('multipart body not terminated');
    const part = body.subarray(position, next - 2); // CRLF before the next delimiter
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    parts.push({
      name: /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '',
      fileName: /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null,
      contentType: /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim() ?? null,
      data: Buffer.from(part.subarray(headerEnd + 4)),
    });
    position = next;
  }
}
