import { createReadStream, createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

/** Compresses `source` (a file path or a stream) into `target`. */
export async function gzipTo(source: string | Readable, target: string, signal?: AbortSignal): Promise<void> {
  const input = typeof source === 'string' ? createReadStream(source) : source;
  await pipeline(input, createGzip({ level: 6 }), createWriteStream(target, { flags: 'wx' }), { signal });
}

/** Decompresses the gzip file `source` into `target` (which must not exist). */
export async function gunzipTo(source: string, target: string, signal?: AbortSignal): Promise<void> {
  await pipeline(createReadStream(source), createGunzip(), createWriteStream(target, { flags: 'wx' }), { signal });
}
