import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { OffsetPageQuery, SingleLineText } from '@relais/contracts';
import { QuestionBody } from '@relais/ingest';

/** `POST /api/documents/query`. */
export class QueryBody extends QuestionBody {}

export const DOCUMENT_STATES = ['indexing', 'indexed', 'failed', 'removing'] as const;
export const DOCUMENT_FORMATS = ['pdf', 'docx', 'txt', 'markdown', 'html'] as const;

/** `GET /api/documents`: the manifest, filtered and paginated. */
export class ListDocumentsQuery extends OffsetPageQuery {
  @IsOptional()
  @IsIn(DOCUMENT_STATES, { message: `state must be one of ${DOCUMENT_STATES.join(', ')}` })
  state?: (typeof DOCUMENT_STATES)[number];

  @IsOptional()
  @IsIn(DOCUMENT_FORMATS, { message: `format must be one of ${DOCUMENT_FORMATS.join(', ')}` })
  format?: (typeof DOCUMENT_FORMATS)[number];

  /** Documents whose source starts with this (a folder: `inbox/`). */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @SingleLineText()
  source_prefix?: string;
}
