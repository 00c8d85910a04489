import { Injectable } from '@nestjs/common';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupWritten } from '@relais/domains/documents/contracts';
import { DocumentCorpus } from '@relais/domains/documents/corpus/document-corpus';
import { ChromaBackup, type BackupSummary } from '@relais/ingest';
import { fileTimestamp } from './file-timestamp';

/** Backup files: `chroma-<timestamp>-<milliseconds>.ndjson.gz`, so that sorting their names sorts them in time. */
const BACKUP_FILE = /^chroma-\d{8}-\d{6}-\d{3}\.ndjson\.gz$/;

/** The vector index's backups in DOCUMENTS_BACKUP_DIR: written, pruned to the newest N, restored. */
@Injectable()
export class VectorBackups {
  private readonly chroma: ChromaBackup;

  constructor(private readonly corpus: DocumentCorpus) {
    this.chroma = new ChromaBackup({ url: corpus.settings.chromaUrl });
  }

  /** Writes a backup of every collection of the Chroma server. */
  async write(): Promise<BackupWritten> {
    const folder = this.corpus.settings.backupDir;
    await mkdir(folder, { recursive: true });
    const now = new Date();
    const name = `chroma-${fileTimestamp(now)}-${String(now.getUTCMilliseconds()).padStart(3, '0')}.ndjson.gz`;
    const summary = await this.chroma.export(join(folder, name));
    return { backup: name, bytes: summary.bytes, records: summary.records, collections: summary.collections };
  }

  /** Deletes all but the newest `keep` backups; returns the names deleted. */
  async prune(keep: number): Promise<string[]> {
    const old = (await this.list()).slice(0, -keep);
    for (const name of old) await rm(join(this.corpus.settings.backupDir, name), { force: true });
    return old;
  }

  restore(file: string): Promise<BackupSummary> {
    return this.chroma.restore(file);
  }

  /** The backups' names, oldest first. */
  async list(): Promise<string[]> {
    const names = await readdir(this.corpus.settings.backupDir).catch(() => [] as string[]);
    return names.filter((name) => BACKUP_FILE.test(name)).sort();
  }
}
