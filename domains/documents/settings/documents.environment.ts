import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { IntegerVariable } from '@relais/config';
import { MistralEnvironment } from '@relais/ingest';

/**
 * The documents domain's environment variables (folders, the embedder, Mistral, ingestion bounds), with their
 * rules; Chroma's address is the platform's CHROMA_URL. Messages name the variable because a person reads them
 * when a process refuses to start. docs/configuration.md lists them.
 */
export class DocumentsEnvironment extends MistralEnvironment {
  @IsOptional()
  @IsString({ message: 'DOCUMENTS_INBOX_DIR must be a directory path' })
  DOCUMENTS_INBOX_DIR?: string;

  @IsOptional()
  @IsString({ message: 'DOCUMENTS_FOLDERS must be a comma-separated list of directories' })
  DOCUMENTS_FOLDERS?: string;

  @IsOptional()
  @IsString({ message: 'DOCUMENTS_BACKUP_DIR must be a directory path' })
  DOCUMENTS_BACKUP_DIR?: string;

  @IntegerVariable('DOCUMENTS_BACKUP_KEEP', 1, 1000)
  DOCUMENTS_BACKUP_KEEP?: number;

  @IsOptional()
  @IsString({ message: 'DOCUMENTS_REPORTS_DIR must be a directory path' })
  DOCUMENTS_REPORTS_DIR?: string;

  @IsOptional()
  @IsString({ message: 'DOCUMENTS_EXPORTS_DIR must be a directory path' })
  DOCUMENTS_EXPORTS_DIR?: string;

  @IsOptional()
  @Matches(/^[a-zA-Z0-9][a-zA-Z0-9._-]{1,40}$/, {
    message: 'DOCUMENTS_COLLECTION must be 2–41 letters, digits, ., _ or -, starting with a letter or digit',
  })
  DOCUMENTS_COLLECTION?: string;

  @IsOptional()
  @IsIn(['hashing', 'mistral'], { message: 'DOCUMENTS_EMBEDDER must be hashing (offline) or mistral' })
  DOCUMENTS_EMBEDDER?: string;

  @IntegerVariable('DOCUMENTS_EMBEDDING_DIMENSIONS', 64, 8192)
  DOCUMENTS_EMBEDDING_DIMENSIONS?: number;

  @IsOptional()
  @Matches(/^\.[a-zA-Z0-9]{1,10}(\s*,\s*\.[a-zA-Z0-9]{1,10})*$/, {
    message: 'DOCUMENTS_EXTENSIONS must be a comma-separated list of extensions such as .pdf,.docx,.txt',
  })
  DOCUMENTS_EXTENSIONS?: string;

  @IntegerVariable('DOCUMENTS_MIN_BYTES', 0, 1_073_741_824)
  DOCUMENTS_MIN_BYTES?: number;

  @IntegerVariable('DOCUMENTS_MAX_BYTES', 1, 1_073_741_824)
  DOCUMENTS_MAX_BYTES?: number;

  @IntegerVariable('DOCUMENTS_CHUNK_SIZE', 100, 20_000)
  DOCUMENTS_CHUNK_SIZE?: number;

  @IntegerVariable('DOCUMENTS_CHUNK_OVERLAP', 0, 9_999)
  DOCUMENTS_CHUNK_OVERLAP?: number;

  @IntegerVariable('DOCUMENTS_MAX_PARALLEL', 1, 50)
  DOCUMENTS_MAX_PARALLEL?: number;

  @IntegerVariable('DOCUMENTS_PDF_THREADS', 1, 16)
  DOCUMENTS_PDF_THREADS?: number;

  @IntegerVariable('DOCUMENTS_READ_AHEAD', 0, 50)
  DOCUMENTS_READ_AHEAD?: number;

  @IntegerVariable('DOCUMENTS_PDF_TIMEOUT_MS', 100, 3_600_000)
  DOCUMENTS_PDF_TIMEOUT_MS?: number;
}
