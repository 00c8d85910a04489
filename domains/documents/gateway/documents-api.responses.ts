import { ApiProperty } from '@nestjs/swagger';
import type { PassageView, QueryAnswer } from './document-questions';
import type { UploadResult } from './document-uploads';
import type { DocumentView } from './document.view';
import { DOCUMENT_FORMATS, DOCUMENT_STATES } from './documents-api.dto';

/**
 * The documents routes' answers as the OpenAPI document describes them, so the dashboard's types are generated
 * from them (a renamed field breaks its build). Each class implements the view the controller returns: a field
 * added to a view and not here is a compile error.
 */
export class DocumentResponse implements DocumentView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: "The file's path under the documents folder", example: 'inbox/axolotl-care.md' })
  source: string;

  @ApiProperty({ enum: DOCUMENT_STATES })
  state: string;

  @ApiProperty({ type: String, nullable: true, enum: DOCUMENT_FORMATS })
  format: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'What the classifier made of it (manual, contract…)' })
  document_type: string | null;

  @ApiProperty()
  size_bytes: number;

  @ApiProperty({ type: String, nullable: true })
  sha256: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Text files: the encoding detected' })
  encoding: string | null;

  @ApiProperty()
  chunk_count: number;

  @ApiProperty({ type: String, nullable: true, description: 'The embedder its chunks were indexed with' })
  embedder_id: string | null;

  @ApiProperty({ type: String, nullable: true })
  chunker_version: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why it failed, as a code (state failed)' })
  error_code: string | null;

  @ApiProperty({ type: String, nullable: true })
  error_message: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time' })
  updated_at: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  indexed_at: string | null;
}

export class DocumentPageResponse {
  @ApiProperty({ type: [DocumentResponse], description: 'Newest first' })
  items: DocumentResponse[];

  @ApiProperty({ description: 'How many documents the filters match' })
  total: number;

  @ApiProperty()
  limit: number;

  @ApiProperty()
  offset: number;
}

export class DocumentRemovedResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: [true] })
  removed: true;

  @ApiProperty({ description: 'Chunks deleted from the vector index' })
  chunks_deleted: number;
}

export class DocumentUploadResponse implements UploadResult {
  @ApiProperty({ description: 'Where it is now, as the manifest will record it', example: 'inbox/axolotl-care.md' })
  file: string;

  @ApiProperty()
  size_bytes: number;

  @ApiProperty()
  sha256: string;

  @ApiProperty({ enum: DOCUMENT_FORMATS })
  format: string;

  @ApiProperty({ description: 'A file of the same name was in the inbox and is replaced (re-indexed as changed)' })
  replaced: boolean;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The documents.ingest-file run started for it (?ingest=true); null: the nightly inbox run takes it',
  })
  run_id: string | null;
}

export class DocumentPassagePositionResponse {
  @ApiProperty()
  chunk_index: number;

  @ApiProperty()
  chunk_total: number;

  @ApiProperty()
  char_start: number;

  @ApiProperty()
  char_end: number;

  @ApiProperty({ type: Number, nullable: true, description: 'PDF: the page the passage starts on' })
  page: number | null;

  @ApiProperty({ type: Number, nullable: true })
  page_end: number | null;
}

export class DocumentPassageResponse implements PassageView {
  @ApiProperty({ description: '1 for the nearest' })
  rank: number;

  @ApiProperty({ description: 'Cosine similarity to the question: 1 is the same direction, 0 unrelated' })
  score: number;

  @ApiProperty({ example: 'inbox/axolotl-care.md' })
  source: string;

  @ApiProperty({ format: 'uuid' })
  document_id: string;

  @ApiProperty()
  chunk_id: string;

  @ApiProperty()
  text: string;

  @ApiProperty({ type: DocumentPassagePositionResponse })
  position: DocumentPassagePositionResponse;

  @ApiProperty()
  document_type: string;

  @ApiProperty({ type: [String] })
  keywords: string[];
}

export class DocumentCitationResponse {
  @ApiProperty({ description: 'The [n] the answer cites' })
  number: number;

  @ApiProperty()
  source: string;

  @ApiProperty()
  chunk_id: string;

  @ApiProperty({ type: Number, nullable: true })
  page: number | null;
}

export class DocumentWrittenAnswerResponse {
  @ApiProperty()
  text: string;

  @ApiProperty({ example: 'mistral-small-latest' })
  model: string;

  @ApiProperty({ type: [DocumentCitationResponse] })
  citations: DocumentCitationResponse[];
}

export class DocumentQueryAnswerResponse implements QueryAnswer {
  @ApiProperty()
  question: string;

  @ApiProperty()
  k: number;

  @ApiProperty({ description: 'The embedder the question was embedded with' })
  embedder: string;

  @ApiProperty({ type: [DocumentPassageResponse], description: 'Nearest first' })
  passages: DocumentPassageResponse[];

  @ApiProperty({
    type: DocumentWrittenAnswerResponse,
    nullable: true,
    description: 'Written by Mistral from the passages, citing them; null without MISTRAL_API_KEY',
  })
  answer: DocumentWrittenAnswerResponse | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why there is no answer although a key is configured (Mistral failed, no passage found)',
  })
  answer_error: string | null;

  @ApiProperty()
  took_ms: number;
}
