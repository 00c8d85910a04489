import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional } from 'class-validator';
import { DistinctItems } from '@relais/contracts';
import { AUTO_PUBLISH_MODES, SCRUTART_LANGUAGES, type AutoPublishMode, type ScrutartLanguage } from './scrutart-params';

/**
 * How the pages of a Scrutart flow are written and published: the parameters that one artist's processing and a
 * batch of artists share (a batch hands them to each artist's child run). The flows' DTOs extend this class, so
 * class-validator and the gateway's parameters schema see these fields, with their defaults, on both.
 */
export class ScrutartPublicationParams {
  /** Languages of the pages to write. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SCRUTART_LANGUAGES.length)
  @DistinctItems()
  @IsIn(SCRUTART_LANGUAGES, { each: true, message: `each language must be one of ${SCRUTART_LANGUAGES.join(', ')}` })
  languages: ScrutartLanguage[] = ['fr'];

  /** WordPress status of the pages: draft, publish, review (pending) or none (kept in the database only). */
  @IsOptional()
  @IsIn(AUTO_PUBLISH_MODES, { message: `auto_publish must be one of ${AUTO_PUBLISH_MODES.join(', ')}` })
  auto_publish: AutoPublishMode = 'draft';

  /**
   * Let this run lower the status of a page that is already live on WordPress (publish → draft or review). Off by
   * default: re-running an artist with the default `draft` never takes a published page offline.
   */
  @IsOptional()
  @IsBoolean()
  allow_unpublish: boolean = false;
}
