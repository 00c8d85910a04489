import { IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import { IntegerVariable } from '@relais/config';
import { MistralEnvironment } from '@relais/ingest';

/**
 * The RAG (DoctorPy) domain's environment variables: where the documentation is, which pages, how politely it
 * is crawled, the validation gates' thresholds and the collection. Chroma's address is the platform's CHROMA_URL;
 * the MISTRAL_* variables are shared with the documents domain. docs/configuration.md lists them.
 */
export class RagEnvironment extends MistralEnvironment {
  @IsOptional()
  @Matches(/^(https?:\/\/[^\s/]+\/|file:\/\/\/)[^\s]*\/$/, {
    message:
      'RAG_BASE_URL must be an http(s) or file:/// URL ending with / (https://docs.python.org/3/, file:///usr/share/doc/python3/html/)',
  })
  @MaxLength(500, { message: 'RAG_BASE_URL must be at most 500 characters' })
  RAG_BASE_URL?: string;

  @IsOptional()
  @Matches(/^[\w./-]{1,255}(\s*,\s*[\w./-]{1,255}){0,4999}$/, {
    message:
      'RAG_PAGES must be a comma-separated list of page paths under RAG_BASE_URL (tutorial/inputoutput.html,…), at most 5000',
  })
  RAG_PAGES?: string;

  @IsOptional()
  @Matches(/^[\x20-\x7e]{1,200}$/, { message: 'RAG_USER_AGENT must be 1–200 printable ASCII characters' })
  RAG_USER_AGENT?: string;

  @IntegerVariable('RAG_CONCURRENCY', 1, 5)
  RAG_CONCURRENCY?: number;

  @IntegerVariable('RAG_DELAY_MS', 0, 60_000)
  RAG_DELAY_MS?: number;

  @IntegerVariable('RAG_TIMEOUT_MS', 1_000, 300_000)
  RAG_TIMEOUT_MS?: number;

  @IntegerVariable('RAG_RETRIES', 0, 10)
  RAG_RETRIES?: number;

  @IntegerVariable('RAG_MAX_PAGE_BYTES', 1_024, 104_857_600)
  RAG_MAX_PAGE_BYTES?: number;

  @IntegerVariable('RAG_MIN_PAGES', 0, 100_000)
  RAG_MIN_PAGES?: number;

  @IntegerVariable('RAG_MIN_CHUNKS', 0, 10_000_000)
  RAG_MIN_CHUNKS?: number;

  @IntegerVariable('RAG_GATE_TOP_K', 1, 50)
  RAG_GATE_TOP_K?: number;

  @IsOptional()
  @Matches(/^[a-zA-Z0-9][a-zA-Z0-9._-]{1,40}$/, {
    message: 'RAG_COLLECTION must be 2–41 letters, digits, ., _ or -, starting with a letter or digit',
  })
  RAG_COLLECTION?: string;

  @IsOptional()
  @IsIn(['hashing', 'mistral'], { message: 'RAG_EMBEDDER must be hashing (offline) or mistral' })
  RAG_EMBEDDER?: string;

  @IntegerVariable('RAG_CHUNK_SIZE', 100, 20_000)
  RAG_CHUNK_SIZE?: number;

  @IntegerVariable('RAG_CHUNK_OVERLAP', 0, 9_999)
  RAG_CHUNK_OVERLAP?: number;
}
