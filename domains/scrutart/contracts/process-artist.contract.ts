import { IsString, Matches, MaxLength } from 'class-validator';
import { defineFlow } from '@relais/contracts';
import { SCRUTART_QUEUE } from './scrutart.queue';
import { QID_MAX_LENGTH, QID_PATTERN, type ScrutartLanguage } from './scrutart-params';
import { ScrutartPublicationParams } from './scrutart-publication.params';

export class ProcessArtistParams extends ScrutartPublicationParams {
  /** The painter's Wikidata item, e.g. Q296 (Claude Monet). */
  @IsString()
  @MaxLength(QID_MAX_LENGTH)
  @Matches(QID_PATTERN, { message: 'qid must be a Wikidata item id such as Q296' })
  qid: string;
}

/** What one artist's processing produced (the seed's ProcessingResult). */
export interface ProcessArtistResult {
  qid: string;
  artist_name: string;
  /** True when every page was published or kept as a draft; `errors` may still list skipped images. */
  success: boolean;
  /** Steps that did their work in this run, in order (a skipped Piwigo step is absent). */
  steps_completed: string[];
  /** Problems that did not stop the run (an image that could not be downloaded…). */
  errors: string[];
  /** WordPress page or post id per language (empty when WordPress is not configured or auto_publish is none). */
  wordpress_post_ids: Partial<Record<ScrutartLanguage, number>>;
  /** Piwigo album of the artist's works; null when Piwigo is not configured. */
  piwigo_gallery_id: number | null;
  /** Where each page is: its WordPress link, or null when it is kept as a draft in the database. */
  page_links: Partial<Record<ScrutartLanguage, string | null>>;
  works_count: number;
  images_uploaded: number;
  generation_time_ms: number;
}

export const PROCESS_ARTIST_FLOW = defineFlow<ProcessArtistParams, ProcessArtistResult>({
  name: 'scrutart.process-artist',
  queue: SCRUTART_QUEUE,
  description:
    'Writes the "where to find this painter in Wikidata" pages (fr, en, es) with statistics, uploads the works to a Piwigo gallery and publishes to WordPress',
  params: ProcessArtistParams,
  // WordPress or Piwigo briefly down: try again later; completed steps (uploads included) are not repeated.
  retry: { attempts: 3, backoffMs: 3000 },
  timeoutMs: 30 * 60 * 1000,
});
