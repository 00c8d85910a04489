import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { CorruptDocument } from '../ingest.errors';
import type { EncodingDecision } from './parsed-document';

/** A text file's characters and how they were read. */
export interface DecodedText {
  text: string;
  encoding: EncodingDecision;
}

/** Share of NUL bytes above which a file is binary, not text in a single-byte or UTF-8 encoding. */
const MAX_NUL_SHARE = 0.001;

/**
 * Reads a text file: a byte-order mark decides first; then UTF-8 if every byte sequence is valid UTF-8; else
 * Windows-1252, the superset of Latin-1 that Western European editors save (Latin-1's C1 range 0x80–0x9F holds
 * control characters nobody types, which Windows-1252 maps to €, curly quotes and dashes). Binary content is
 * refused as corrupt.
 */
export function decodeText(bytes: Buffer, source: string): DecodedText {
  const utf8Bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (utf8Bom && isUtf8(bytes.subarray(3))) return utf8(bytes.subarray(3), source, 'UTF-8 byte-order mark');
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return {
      text: new TextDecoder('utf-16le').decode(bytes.subarray(2)),
      encoding: { encoding: 'utf-16le', reason: 'UTF-16 little-endian byte-order mark' },
    };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return {
      text: new TextDecoder('utf-16be').decode(bytes.subarray(2)),
      encoding: { encoding: 'utf-16be', reason: 'UTF-16 big-endian byte-order mark' },
    };
  }
  refuseBinary(bytes, source);
  if (isUtf8(bytes)) return utf8(bytes, source, 'every byte sequence is valid UTF-8');
  const offset = firstInvalidUtf8Offset(bytes);
  const where = offset < 0 ? '' : ` at byte ${offset} (0x${bytes[offset].toString(16).padStart(2, '0')})`;
  return {
    // Not TextDecoder: Node 20's 'windows-1252' decoder is Latin-1 (0x93 stays U+0093 instead of “).
    text: iconv.decode(bytes, 'windows-1252'),
    encoding: { encoding: 'windows-1252', reason: `invalid UTF-8${where}: read as Windows-1252 (Latin-1)` },
  };
}

/** `bytes`, known to be valid UTF-8, as text. */
function utf8(bytes: Buffer, source: string, reason: string): DecodedText {
  refuseBinary(bytes, source);
  return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: { encoding: 'utf-8', reason } };
}

/** Throws CorruptDocument when the bytes hold NULs, which no single-byte or UTF-8 text has. */
export function refuseBinary(bytes: Buffer, source: string): void {
  let nuls = 0;
  for (const byte of bytes) if (byte === 0) nuls++;
  if (nuls > Math.max(0, bytes.length * MAX_NUL_SHARE)) {
    throw new CorruptDocument(source, `binary content (${nuls} NUL bytes), not text`);
  }
}

/** Offset of the first byte that breaks UTF-8's byte patterns, for the decision's reason; -1 if they all fit. */
function firstInvalidUtf8Offset(bytes: Buffer): number {
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index];
    const length =
      byte < 0x80
        ? 1
        : byte >= 0xc2 && byte < 0xe0
          ? 2
          : byte >= 0xe0 && byte < 0xf0
            ? 3
            : byte >= 0xf0 && byte < 0xf5
              ? 4
              : 0;
    if (length === 0 || index + length > bytes.length) return index;
    for (let next = 1; next < length; next++) {
      if ((bytes[index + next] & 0xc0) !== 0x80) return index;
    }
    index += length;
  }
  return -1;
}
