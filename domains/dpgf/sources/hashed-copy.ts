import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { LocalCopy } from './price-schedule-source';

/** Streams `body` to `localPath` (or only through the hash when localPath is the file itself), counting and hashing it. */
export async function hashedCopy(body: Readable, localPath: string, signal?: AbortSignal): Promise<LocalCopy> {
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(body, meter, createWriteStream(localPath), { signal });
  return { localPath, sha256: hash.digest('hex'), size };
}

/** The SHA-256 and size of a file on disk, streamed. */
export async function hashOfFile(path: string, signal?: AbortSignal): Promise<LocalCopy> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { signal }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { localPath: path, sha256: hash.digest('hex'), size };
}
