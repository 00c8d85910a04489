import { Injectable } from '@nestjs/common';
import { mkdir, rm, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocumentsHealth } from '@relais/domains/documents/contracts';
import { DocumentCorpus } from '@relais/domains/documents/corpus/document-corpus';
import { errorMessage } from '@relais/engine';

/** What each problem costs the score (documented in DocumentsHealth). */
const CHROMA_DOWN = 50;
const UNWRITABLE_FOLDER = 20;
const MORE_FAILED_THAN_INDEXED = 10;

/**
 * The document pipeline's own health: Chroma answering (and how many chunks it holds), the manifest's documents
 * by state, the domain's folders writable, free disk and memory. Never throws: a problem is a finding.
 */
@Injectable()
export class DocumentsHealthCheck {
  constructor(private readonly corpus: DocumentCorpus) {}

  async check(): Promise<DocumentsHealth> {
    const { settings, manifest } = this.corpus;
    const [chroma, documents, folders, diskFree] = await Promise.all([
      this.chroma(),
      Promise.all((['indexed', 'failed', 'indexing'] as const).map((state) => manifest.count({ state }))).then(
        async ([indexed, failed, indexing]) => ({ total: await manifest.count(), indexed, failed, indexing }),
      ),
      Promise.all(
        [settings.inboxDir, settings.reportsDir, settings.backupDir, settings.exportsDir].map((folder) =>
          writable(folder),
        ),
      ),
      statfs(settings.dataDir).then(
        (stats) => Math.round((stats.bavail * stats.bsize) / 1_048_576),
        () => null,
      ),
    ]);
    let score = 100;
    if (!chroma.up) score -= CHROMA_DOWN;
    score -= Math.min(2, folders.filter((folder) => !folder.writable).length) * UNWRITABLE_FOLDER;
    if (documents.failed > documents.indexed) score -= MORE_FAILED_THAN_INDEXED;
    return {
      checked_at: new Date().toISOString(),
      score: Math.max(0, score),
      chroma,
      documents,
      folders,
      disk_free_mb: diskFree,
      rss_mb: Math.round(process.memoryUsage().rss / 1_048_576),
    };
  }

  private async chroma(): Promise<DocumentsHealth['chroma']> {
    const url = this.corpus.settings.chromaUrl;
    const started = performance.now();
    try {
      await this.corpus.index.heartbeat();
      const latency = Math.round(performance.now() - started);
      const collections = await this.corpus.index.collections();
      const chunks = collections.reduce((sum, collection) => sum + collection.count, 0);
      return { up: true, url, latency_ms: latency, error: null, chunks };
    } catch (error) {
      return { up: false, url, latency_ms: null, error: errorMessage(error), chunks: null };
    }
  }
}

/** Creates `folder` if needed and writes and deletes a probe file in it. */
async function writable(folder: string): Promise<DocumentsHealth['folders'][number]> {
  const probe = join(folder, `.health-${process.pid}-${Date.now()}`);
  try {
    await mkdir(folder, { recursive: true });
    await writeFile(probe, 'ok');
    await rm(probe, { force: true });
    return { path: folder, writable: true, error: null };
  } catch (error) {
    return { path: folder, writable: false, error: errorMessage(error) };
  }
}
