import { deflateSync } from 'node:zlib';

/** A solid-colour RGB PNG of the given size: real bytes any decoder accepts, built without an image library. */
export function solidPng(width: number, height: number, rgb: [number, number, number] = [70, 110, 160]): Buffer {
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x += 1) row.set(rgb, 1 + x * 3); // byte 0 of each row: filter type 0
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, deflate, no filter set, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(pixels)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A solid-grey baseline JPEG of the given size. Every 8×8 block holds only its DC coefficient, so two one-symbol
 * Huffman tables suffice: a real JFIF file in a few hundred bytes.
 */
export function solidJpeg(width: number, height: number, grey = 150): Buffer {
  const dc = (grey - 128) * 8; // DCT of a constant block, quantised by 1
  const category = dc === 0 ? 0 : Math.floor(Math.log2(Math.abs(dc))) + 1;
  const bits = new BitWriter();
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  for (let block = 0; block < blocks; block += 1) {
    if (block === 0 && category > 0) {
      bits.write(0b10, 2); // DC symbol `category`
      bits.write(dc > 0 ? dc : dc - 1 + (1 << category), category);
    } else {
      bits.write(0, 1); // DC symbol 0: same value as the previous block
    }
    bits.write(0, 1); // AC: end of block
  }
  const segment = (marker: number, body: Buffer): Buffer => {
    const head = Buffer.alloc(4);
    head.writeUInt16BE(marker, 0);
    head.writeUInt16BE(body.length + 2, 2);
    return Buffer.concat([head, body]);
  };
  const sof = Buffer.alloc(9);
  sof.writeUInt8(8, 0);
  sof.writeUInt16BE(height, 1);
  sof.writeUInt16BE(width, 3);
  sof.set([1, 1, 0x11, 0], 5);
  const dcCounts = Buffer.alloc(16);
  dcCounts.set(category > 0 ? [1, 1] : [1], 0);
  const dcSymbols = Buffer.from(category > 0 ? [0, category] : [0]);
  const acCounts = Buffer.alloc(16);
  acCounts.set([1], 0);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xffe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0])),
    segment(0xffdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])),
    segment(0xffc0, sof),
    segment(0xffc4, Buffer.concat([Buffer.from([0x00]), dcCounts, dcSymbols])),
    segment(0xffc4, Buffer.concat([Buffer.from([0x10]), acCounts, Buffer.from([0x00])])),
    segment(0xffda, Buffer.from([1, 1, 0x00, 0, 63, 0])),
    bits.finish(),
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** Width and height read from a PNG's IHDR or a JPEG's SOF0, or null for anything else. */
export function imageSize(bytes: Buffer): { width: number; height: number; format: 'png' | 'jpeg' } | null {
  if (bytes.length > 24 && bytes.readUInt32BE(0) === 0x89504e47) {
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), format: 'png' };
  }
  if (bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    for (let offset = 2; offset + 9 < bytes.length;) {
      const marker = bytes.readUInt16BE(offset);
      const length = bytes.readUInt16BE(offset + 2);
      if (marker === 0xffc0)
        return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7), format: 'jpeg' };
      offset += 2 + length;
    }
  }
  return null;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData), 0);
  return Buffer.concat([length, typeAndData, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Entropy-coded JPEG data: bits MSB first, 0xFF bytes stuffed with 0x00, the last byte padded with ones. */
class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private count = 0;

  write(value: number, length: number): void {
    for (let bit = length - 1; bit >= 0; bit -= 1) {
      this.current = (this.current << 1) | ((value >> bit) & 1);
      this.count += 1;
      if (this.count === 8) this.flush();
    }
  }

  finish(): Buffer {
    if (this.count > 0) {
      this.current = (this.current << (8 - this.count)) | ((1 << (8 - this.count)) - 1);
      this.count = 8;
      this.flush();
    }
    return Buffer.from(this.bytes);
  }

  private flush(): void {
    this.bytes.push(this.current);
    if (this.current === 0xff) this.bytes.push(0);
    this.current = 0;
    this.count = 0;
  }
}
