import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

/** Where a run's summary goes: `log` (the run's log), or a notification channel (docs/domains/ops.md). */
export const RAG_NOTIFY_TARGETS = ['log', 'archive', 'email', 'slack', 'webhook'] as const;
export type RagNotifyTarget = (typeof RAG_NOTIFY_TARGETS)[number];

/** The parameters of `rag.update-knowledge-base` (docs/domains/rag.md). */
export class UpdateKnowledgeBaseParams {
  /** Fetch every page unconditionally (no If-None-Match / If-Modified-Since): the weekly full update. */
  @IsOptional()
  @IsBoolean()
  force_refresh: boolean = false;

  /** Re-chunk and re-embed every page even when its content did not change (implies force_refresh). */
  @IsOptional()
  @IsBoolean()
  force_reindex: boolean = false;

  /** Only the first this many pages of RAG_PAGES are crawled; the others are left as they are (none deleted). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5000)
  max_documents?: number;

  /** Where the summary goes when the run ends well (a failure alerts through the notification rules). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(RAG_NOTIFY_TARGETS.length)
  @IsIn(RAG_NOTIFY_TARGETS, { each: true })
  notify: RagNotifyTarget[] = ['log'];

  /** Run the validation gates after the update (the daily quick update does not). */
  @IsOptional()
  @IsBoolean()
  validate: boolean = true;

  /** Gate `enough-pages`: pages the base must hold (default RAG_MIN_PAGES). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  min_pages?: number;

  /** Gate `enough-chunks`: chunks the base must hold (default RAG_MIN_CHUNKS). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  min_chunks?: number;
}
