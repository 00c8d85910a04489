import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { SingleLineText } from '@relais/contracts';
import { MAX_RESULTS, QUESTION_LENGTH } from '@relais/ingest';

const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** `POST /api/documents/query`. */
export class QueryBody {
  /** The question, 3 to 1000 characters (spaces around it do not count). */
  @Transform(trimmed)
  @IsString()
  @Length(QUESTION_LENGTH.min, QUESTION_LENGTH.max, {
    message: `question must be ${QUESTION_LENGTH.min} to ${QUESTION_LENGTH.max} characters`,
  })
  question: string;

  /** How many passages to return. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RESULTS)
  k: number = 3;
}

export const DOCUMENT_STATES = ['indexing', 'indexed', 'failed', 'removing'] as const;
export const DOCUMENT_FORMATS = ['pdf', 'docx', 'txt', 'markdown', 'html'] as const;

/** `GET /api/documents`: the manifest, filtered and paginated. */
export class ListDocumentsQuery {
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

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit: number = 50;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  offset: number = 0;
}
