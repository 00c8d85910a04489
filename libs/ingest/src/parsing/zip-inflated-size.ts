/** End-of-central-directory record signature (PK\5\6), and the record's fixed length. */
const EOCD_SIGNATURE = 0x06054b50;
const EOCD_LENGTH = 22;
const CENTRAL_ENTRY_SIGNATURE = 0x02014b50;

/**
 * The total uncompressed size a ZIP archive declares in its central directory, without inflating anything;
 * null when the bytes are no ZIP archive (no end-of-central-directory record, or a broken directory). Lets the
 * DOCX parser refuse a zip bomb before mammoth inflates it in memory.
 */
export function zipInflatedSize(bytes: Buffer): number | null {
  // The record sits at the end, after a comment of at most 65 535 bytes.
  const lowest = Math.max(0, bytes.length - EOCD_LENGTH - 0xffff);
  let eocd = -1;
  for (let offset = bytes.length - EOCD_LENGTH; offset >= lowest; offset--) {
    if (bytes.readUInt32LE(offset) === EOCD_SIGNATURE) {
      eocd = offset;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = bytes.readUInt16LE(eocd + 10);
  let offset = bytes.readUInt32LE(eocd + 16);
  let total = 0;
  for (let entry = 0; entry < entries; entry++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== CENTRAL_ENTRY_SIGNATURE) return null;
    // 0xFFFFFFFF means the real size is in a ZIP64 extra field: count it as huge rather than parse ZIP64.
    total += bytes.readUInt32LE(offset + 24);
    offset += 46 + bytes.readUInt16LE(offset + 28) + bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32);
  }
  return total;
}
