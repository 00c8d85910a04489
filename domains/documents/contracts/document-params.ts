import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  type ValidationArguments,
} from 'class-validator';
import { DistinctItems, SingleLineText } from '@relais/contracts';
import { confinePath, MAX_PATH_LENGTH } from '../paths/confined-path';
import { currentDocumentRoots, type DocumentPathKind } from '../paths/document-roots';

/**
 * A path parameter kept inside the roots of its kind (see confinePath): `..`, an absolute path elsewhere or a
 * symbolic link out of the root are refused, and the message says which (the gateway answers 400 naming the
 * field). The flows resolve the path again against their own settings before using it.
 */
export function ConfinedPath(kind: DocumentPathKind): PropertyDecorator {
  const check = (value: unknown) => confinePath(value, currentDocumentRoots()?.[kind] ?? null);
  const decorators = [
    // What the parameters' JSON schema shows (a bounded string); the check below decides.
    IsString(),
    MaxLength(MAX_PATH_LENGTH),
    ValidateBy({
      name: 'confinedPath',
      validator: {
        validate: (value: unknown) => check(value).problem === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'path'} ${check(args?.value).problem ?? 'is refused'}`,
      },
    }),
  ];
  return (target, key) => {
    for (const decorator of decorators) decorator(target, key);
  };
}

/** Bounds of the chunking parameters (what resolveIngestSettings accepts). */
export const CHUNK_SIZE_BOUNDS = { min: 100, max: 20_000 } as const;

/** chunk_overlap must stay under half of chunk_size (of the run, or the default's when it is not given). */
function OverlapUnderHalfOfChunkSize(): PropertyDecorator {
  return ValidateBy({
    name: 'overlapUnderHalfOfChunkSize',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const size = (args?.object as { chunk_size?: unknown } | undefined)?.chunk_size;
        return typeof value !== 'number' || typeof size !== 'number' || value < size / 2;
      },
      defaultMessage: () => 'chunk_overlap must be under half of chunk_size',
    },
  });
}

/** How files are cut into chunks; unset, the DOCUMENTS_CHUNK_SIZE and DOCUMENTS_CHUNK_OVERLAP settings apply. */
export class ChunkingParams {
  /** Target chunk length in characters (default DOCUMENTS_CHUNK_SIZE, 1000). */
  @IsOptional()
  @IsInt()
  @Min(CHUNK_SIZE_BOUNDS.min)
  @Max(CHUNK_SIZE_BOUNDS.max)
  chunk_size?: number;

  /** Characters a chunk repeats from the previous one (default DOCUMENTS_CHUNK_OVERLAP, 200). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(CHUNK_SIZE_BOUNDS.max / 2 - 1)
  @OverlapUnderHalfOfChunkSize()
  chunk_overlap?: number;
}

/** An extension such as `.pdf`. */
export const EXTENSION_PATTERN = /^\.[a-z0-9]{1,10}$/;

/** The parameters of a folder's ingestion, shared by documents.batch and documents.process-folder. */
export class FolderIngestionParams extends ChunkingParams {
  /** The folder to ingest: relative to the data directory (`inbox`, `documents/manuals`) or absolute, inside the documents roots. */
  @ConfinedPath('folder')
  folder: string;

  /** File extensions to take, lower case with their dot. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @DistinctItems()
  @MaxLength(11, { each: true })
  @Matches(EXTENSION_PATTERN, { each: true, message: 'each extension must look like .pdf (lower case, with its dot)' })
  extensions: string[] = ['.pdf', '.docx', '.txt'];

  /** Also take the files of sub-folders. */
  @IsOptional()
  @IsBoolean()
  recursive: boolean = false;

  /** Files ingested at once (default DOCUMENTS_MAX_PARALLEL, 3). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  concurrency?: number;

  /** Questions asked of the index once the files are in: each answer's best passage and score go in the summary. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(3, 1000, { each: true, message: 'each test query must be 3 to 1000 characters' })
  @SingleLineText({ each: true })
  test_queries: string[] = [];
}
