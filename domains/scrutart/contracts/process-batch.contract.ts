import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { defineFlow, SingleLineText, type RunState } from '@relais/contracts';
import { SCRUTART_QUEUE } from './scrutart.queue';
import { QID_MAX_LENGTH, QID_PATTERN } from './scrutart-params';
import { ScrutartPublicationParams } from './scrutart-publication.params';

/** The languages and auto_publish mode apply to every artist of the batch. */
export class ProcessBatchParams extends ScrutartPublicationParams {
  /** The painters to process, one child run each. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @MaxLength(QID_MAX_LENGTH, { each: true })
  @Matches(QID_PATTERN, { each: true, message: 'each qid must be a Wikidata item id such as Q296' })
  qids: string[];

  /** A name for the batch, shown in its report. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @SingleLineText()
  batch_name: string = '';

  /** Artists processed at the same time (child runs running at once). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  concurrency: number = 10;
}

/** How one artist of a batch ended. */
export interface BatchArtistOutcome {
  qid: string;
  run_id: string;
  state: RunState;
  artist_name: string | null;
  error: string | null;
}

export interface ProcessBatchResult {
  batch_name: string;
  total: number;
  succeeded: number;
  failed: number;
  /** QIDs listed more than once: each is processed once. */
  duplicates: string[];
  results: BatchArtistOutcome[];
  report_id: string;
  duration_ms: number;
}

export const PROCESS_BATCH_FLOW = defineFlow<ProcessBatchParams, ProcessBatchResult>({
  name: 'scrutart.process-batch',
  queue: SCRUTART_QUEUE,
  description: 'Processes a list of painters, one scrutart.process-artist child run each, a few at a time',
  params: ProcessBatchParams,
  timeoutMs: 30 * 60 * 1000,
});
