import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RunState } from '@relais/contracts';
import type { ArtistPreview } from '../knowledge';
import type { ArtworksCount } from './artist-preview.controller';
import type { SeedErrorBody } from './seed-error.filter';
import type { SeedCancelResponse, SeedLaunchResponse } from './seed-flows.controller';
import type { SeedRunListItem, SeedRunStatus } from './seed-run.view';
import type { SeedApiStatus } from './seed-status.controller';

// The OpenAPI description of the seed-compatible answers, kept together because they are read together: each class
// implements the interface the controllers return, so the document cannot drift from the code silently.

/** The states as the seed routes write them (seed-run.view.ts lower-cases RunState). */
const RUN_STATES = Object.values(RunState).map((state) => state.toLowerCase());

export class SeedErrorResponse implements SeedErrorBody {
  @ApiProperty({ example: 'qid is required (a Wikidata item id such as Q296)' })
  error: string;

  @ApiPropertyOptional({
    description: 'Each bad parameter with what it expects',
    example: { languages: ['each language must be one of fr, en, es'] },
  })
  fields?: Record<string, string[]>;
}

export class SeedLaunchResponseDoc implements SeedLaunchResponse {
  @ApiProperty({ enum: [true] })
  success: true;

  @ApiProperty({ format: 'uuid' })
  flow_run_id: string;

  @ApiProperty({ example: 'Processing started for Q296' })
  message: string;
}

export class SeedRunStatusDoc implements SeedRunStatus {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Artist Q296' })
  name: string;

  @ApiProperty({ enum: RUN_STATES })
  state: string;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time' })
  updated_at: string;

  @ApiProperty({ description: 'Seconds spent running (to now while it runs)', example: 12.5 })
  duration: number;
}

export class SeedRunListItemDoc implements SeedRunListItem {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Impressionnistes' })
  name: string;

  @ApiProperty({ enum: ['single', 'batch'] })
  type: 'single' | 'batch';

  @ApiProperty({ type: [String], example: ['Q296', 'Q5582'] })
  qids: string[];

  @ApiProperty({ enum: RUN_STATES })
  status: string;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time' })
  updated_at: string;

  @ApiPropertyOptional({ description: 'History only: the result of a completed run (null otherwise)' })
  result?: unknown;

  @ApiProperty({ minimum: 0, maximum: 100 })
  progress: number;

  @ApiProperty({ type: String, nullable: true })
  error: string | null;
}

export class SeedCancelResponseDoc implements SeedCancelResponse {
  @ApiProperty({ enum: [true] })
  success: true;

  @ApiProperty()
  message: string;

  @ApiProperty({ enum: ['cancelled', 'cancelling'] })
  state: string;
}

export class ArtistPreviewDoc implements ArtistPreview {
  @ApiProperty({ example: 'Q296' })
  qid: string;

  @ApiProperty({ example: 'Claude Monet' })
  name: string;

  @ApiProperty({ type: String, nullable: true, example: 'peintre impressionniste français' })
  description: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 1840 })
  birth_year: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 1926 })
  death_year: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'France' })
  nationality: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'impressionnisme' })
  movement: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Portrait on Wikimedia Commons (Special:FilePath URL)' })
  image: string | null;
}

export class ArtworksCountDoc implements ArtworksCount {
  @ApiProperty({ example: 'Q296' })
  qid: string;

  @ApiProperty({ example: 2012 })
  artworks_count: number;
}

export class SeedApiStatusDoc implements SeedApiStatus {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';

  @ApiProperty({ format: 'date-time' })
  timestamp: string;

  @ApiProperty({ description: 'The seed name for "the orchestrator answers": equals redis_connected' })
  prefect_connected: boolean;

  @ApiProperty()
  redis_connected: boolean;

  @ApiProperty()
  database_connected: boolean;

  @ApiProperty({ description: 'Worker processes connected to the scrutart queue' })
  scrutart_workers: number;
}
