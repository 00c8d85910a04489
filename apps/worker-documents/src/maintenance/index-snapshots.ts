import { Injectable } from '@nestjs/common';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { IndexSnapshot } from '@relais/domains/documents/contracts';
import { DocumentCorpus } from '@relais/domains/documents/corpus/document-corpus';

/** The manifest and the index counted side by side, with the disk space of Chroma's folder and of the backups. */
@Injectable()
export class IndexSnapshots {
  constructor(private readonly corpus: DocumentCorpus) {}

  async take(): Promise<IndexSnapshot> {
    const counts = await this.corpus.verifier.counts();
    return {
      taken_at: new Date().toISOString(),
      documents: counts.documents,
      documents_by_state: counts.byState,
      manifest_chunks: counts.manifestChunks,
      index_chunks: counts.indexChunks,
      collections: counts.collections.map((collection) => ({
        name: collection.name,
        embedder: collection.embedderId,
        count: collection.count,
      })),
      chroma_bytes: await folderBytes(this.corpus.settings.chromaDataDir),
      backup_bytes: (await folderBytes(this.corpus.settings.backupDir)) ?? 0,
    };
  }
}

/** The bytes of every file under `folder`; null when it does not exist. */
export async function folderBytes(folder: string): Promise<number | null> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let total = 0;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    total += await stat(join(entry.parentPath, entry.name)).then(
      (stats) => stats.size,
      // Gone since the listing (Chroma compacts as it runs): it takes no space any more.
      () => 0,
    );
  }
  return total;
}
