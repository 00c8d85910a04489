import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { ChromaClient, type Collection, type Metadata } from 'chromadb';
import { VectorIndexError } from '../ingest.errors';
import { chromaClientFor } from './chroma.index';

/** What the first line of a backup file says. */
export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: 1;
  createdAt: string;
  collections: BackupCollection[];
}

/** One collection as a backup holds it. */
export interface BackupCollection {
  name: string;
  metadata: Record<string, unknown> | null;
  /** The HNSW distance (`cosine`, `l2`, `ip`): a collection restored with another would answer differently. */
  space: string | null;
  count: number;
}

/** What an export or a restore did. */
export interface BackupSummary {
  file: string;
  createdAt: string;
  collections: { name: string; count: number }[];
  records: number;
  bytes: number;
}

const BACKUP_FORMAT = 'relais-chroma-backup';

/** One record line. Embeddings are little-endian float32 in base64: Chroma stores float32, so this is exact. */
interface RecordLine {
  c: string;
  id: string;
  e: string;
  d: string | null;
  m: Metadata | null;
}

/**
 * A logical backup of every collection of a Chroma server (names, metadata, distance, and every record: id,
 * embedding, text, metadata) as gzip-compressed JSON lines, and its restore. Logical rather than a copy of
 * Chroma's files: it restores into any Chroma version that speaks the same API, on another machine, and it can
 * be taken while the server runs. Records added while an export runs may or may not be in it.
 */
export class ChromaBackup {
  private readonly client: ChromaClient;

  constructor(
    private readonly options: {
      url: string;
      /** Records per request; default (and ceiling) the server's max batch size. */
      batchSize?: number;
    },
  ) {
    this.client = chromaClientFor(options.url);
  }

  /** Writes every collection to `file` (through a temporary file, renamed when complete). */
  async export(file: string): Promise<BackupSummary> {
    const collections = await this.call('list collections', () => this.allCollections());
    const batchSize = await this.batchSize();
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: 1,
      createdAt: new Date().toISOString(),
      collections: await Promise.all(
        collections.map(async (collection) => ({
          name: collection.name,
          metadata: (collection.metadata as Record<string, unknown> | undefined) ?? null,
          space: spaceOf(collection),
          count: await this.call(`count ${collection.name}`, () => collection.count()),
        })),
      ),
    };
    const partial = `${file}.partial`;
    const lines = new PassThrough();
    const written = pipeline(lines, createGzip(), createWriteStream(partial));
    let records = 0;
    try {
      await writeLine(lines, header);
      for (const collection of collections) {
        for (let offset = 0; ; offset += batchSize) {
          const page = await this.call(`read ${collection.name}`, () =>
            collection.get({ limit: batchSize, offset, include: ['embeddings', 'documents', 'metadatas'] }),
          );
          for (const [index, id] of page.ids.entries()) {
            const line: RecordLine = {
              c: collection.name,
              id,
              e: encodeEmbedding(page.embeddings[index]),
              d: page.documents[index] ?? null,
              m: page.metadatas[index] ?? null,
            };
            await writeLine(lines, line);
            records++;
          }
          if (page.ids.length < batchSize) break;
        }
      }
      lines.end();
      await written;
      await rename(partial, file);
    } catch (error) {
      lines.destroy();
      await written.catch(() => undefined);
      await rm(partial, { force: true });
      throw error;
    }
    return {
      file,
      createdAt: header.createdAt,
      collections: header.collections.map(({ name, count }) => ({ name, count })),
      records,
      bytes: (await stat(file)).size,
    };
  }

  /** The header of a backup file: what it holds, without reading its records. */
  static async readHeader(file: string): Promise<BackupHeader> {
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    try {
      for await (const line of lines) return parseHeader(line, file);
      throw new Error(`${file} is empty: not a Relais Chroma backup`);
    } finally {
      lines.close();
    }
  }

  /**
   * Replaces every collection the backup holds by its content in the backup (collections it does not hold are
   * left alone). Each collection is dropped, created again with its metadata and distance, then filled in batches.
   */
  async restore(file: string): Promise<BackupSummary> {
    const header = await ChromaBackup.readHeader(file);
    const batchSize = await this.batchSize();
    const targets = new Map<string, Collection>();
    for (const described of header.collections) {
      await this.call(`delete collection ${described.name}`, async () => {
        const exists = (await this.allCollections()).some((collection) => collection.name === described.name);
        if (exists) await this.client.deleteCollection({ name: described.name });
      });
      const collection = await this.call(`create collection ${described.name}`, () =>
        this.client.createCollection({
          name: described.name,
          embeddingFunction: null,
          metadata: (described.metadata ?? undefined) as Metadata | undefined,
          configuration: described.space ? { hnsw: { space: described.space as 'cosine' | 'l2' | 'ip' } } : undefined,
        }),
      );
      targets.set(described.name, collection);
    }
    let pending: RecordLine[] = [];
    let records = 0;
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      const collection = targets.get(batch[0].c);
      if (!collection) throw new Error(`${file}: a record names collection ${batch[0].c}, which its header does not`);
      await this.call(`restore ${batch.length} records into ${collection.name}`, () =>
        collection.add({
          ids: batch.map((line) => line.id),
          embeddings: batch.map((line) => decodeEmbedding(line.e)),
          documents: batch.map((line) => line.d ?? ''),
          metadatas: batch.map((line) => line.m ?? {}),
        }),
      );
      records += batch.length;
    };
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    let first = true;
    for await (const line of lines) {
      if (first) {
        first = false;
        continue;
      }
      if (line === '') continue;
      const record = JSON.parse(line) as RecordLine;
      if (pending.length > 0 && (pending[0].c !== record.c || pending.length >= batchSize)) await flush();
      pending.push(record);
    }
    await flush();
    const restored = header.collections.map(({ name, count }) => ({ name, count }));
    if (records !== restored.reduce((sum, collection) => sum + collection.count, 0)) {
      // The export raced with writes: the header's counts were taken before the records were read.
      for (const [entry, collection] of restored.map((item) => [item, targets.get(item.name)] as const)) {
        if (collection) entry.count = await collection.count();
      }
    }
    return { file, createdAt: header.createdAt, collections: restored, records, bytes: (await stat(file)).size };
  }

  private async allCollections(): Promise<Collection[]> {
    const all: Collection[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await this.client.listCollections({ limit: 100, offset });
      all.push(...page);
      if (page.length < 100) return all;
    }
  }

  private async batchSize(): Promise<number> {
    const max = await this.call('read the max batch size', () => this.client.getMaxBatchSize());
    return Math.min(max, this.options.batchSize ?? Infinity);
  }

  private async call<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new VectorIndexError(`Chroma at ${this.options.url} failed to ${what}: ${message}`, { cause: error });
    }
  }
}

function parseHeader(line: string, file: string): BackupHeader {
  let header: Partial<BackupHeader>;
  try {
    header = JSON.parse(line) as Partial<BackupHeader>;
  } catch (error) {
    throw new Error(`${file} does not start with a backup header: not a Relais Chroma backup`, { cause: error });
  }
  if (header.format !== BACKUP_FORMAT || header.version !== 1 || !Array.isArray(header.collections)) {
    throw new Error(`${file} is not a Relais Chroma backup (version 1)`);
  }
  return header as BackupHeader;
}

function spaceOf(collection: Collection): string | null {
  const configuration = collection.configuration as { hnsw?: { space?: unknown } | null } | undefined;
  const space = configuration?.hnsw?.space;
  return typeof space === 'string' ? space : null;
}

function encodeEmbedding(embedding: number[] | null | undefined): string {
  if (!embedding) return '';
  return Buffer.from(new Float32Array(embedding).buffer).toString('base64');
}

function decodeEmbedding(encoded: string): number[] {
  // A copy: the decoded Buffer may start at an offset of its pool that is not a multiple of 4.
  return Array.from(new Float32Array(new Uint8Array(Buffer.from(encoded, 'base64')).buffer));
}

async function writeLine(stream: PassThrough, value: unknown): Promise<void> {
  // Respect backpressure: a collection of a million records must not sit in memory waiting for gzip.
  if (!stream.write(`${JSON.stringify(value)}\n`)) await once(stream, 'drain');
}
