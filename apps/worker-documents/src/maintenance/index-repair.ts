import { Injectable } from '@nestjs/common';
import type { RepairOutcome } from '@relais/domains/documents/contracts';
import { DocumentCorpus } from '@relais/domains/documents/corpus/document-corpus';
import { DocumentPaths } from '@relais/domains/documents/paths/document-paths';
import type { ChunkingOptions, DocumentRecord } from '@relais/ingest';

/**
 * Verifies the index against the manifest and repairs it: interrupted ingestions finished, orphan chunks deleted,
 * documents with missing chunks indexed again from their file (where it was ingested from, or its archived copy),
 * with the chunking they were indexed with.
 */
@Injectable()
export class IndexRepair {
  constructor(
    private readonly corpus: DocumentCorpus,
    private readonly paths: DocumentPaths,
  ) {}

  async run(): Promise<RepairOutcome> {
    const report = await this.corpus.verifier.verify({ repair: true, reindex: (record) => this.reindex(record) });
    const recovered = report.recovered;
    return {
      consistent: report.consistent,
      orphans_found: report.orphans.reduce((sum, orphan) => sum + orphan.count, 0),
      orphans_deleted: report.orphansDeleted,
      collections_dropped: report.collectionsDropped,
      documents_missing_chunks: report.missing.length,
      reindexed: report.reindexed,
      reindex_failed: report.reindexFailed.map(({ source, error }) => ({ source, error })),
      interrupted_finished: recovered ? recovered.documents : 0,
    };
  }

  private async reindex(record: DocumentRecord): Promise<void> {
    const path = await this.paths.locate(record.source);
    if (!path) throw new Error(`${record.source}: the file is gone, its chunks cannot be indexed again`);
    await this.corpus.ingestor.ingestFile(path, {
      source: record.source,
      force: true,
      chunking: chunkingOf(record) ?? this.corpus.chunking(),
    });
  }
}

/** The chunking a record was indexed with, from its chunker fingerprint (`recursive-v1/1000/200`). */
function chunkingOf(record: DocumentRecord): ChunkingOptions | null {
  const match = /\/(\d+)\/(\d+)$/.exec(record.chunkerVersion ?? '');
  return match ? { chunkSize: Number(match[1]), chunkOverlap: Number(match[2]) } : null;
}
