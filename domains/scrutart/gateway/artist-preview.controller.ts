import { Controller, Get, Param, Query, UseFilters } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { SCRUTART_LANGUAGES, type ScrutartLanguage } from '../contracts';
import { ArtistKnowledge, type ArtistPreview } from '../knowledge';
import { ArtistLookupCache } from './artist-lookup.cache';
import { ArtistPreviewDoc, ArtworksCountDoc, SeedErrorResponse } from './seed-api.openapi';
import { SeedErrorFilter } from './seed-error.filter';
import { requireQid } from './seed-launch-params';
import { SeedRequestError } from './seed-request.error';

/** `GET /api/artist/{qid}/artworks/count`, the seed's shape. */
export interface ArtworksCount {
  qid: string;
  /** Items whose creator (P170) is the artist; 0 for an unknown QID, as in the seed. */
  artworks_count: number;
}

/** The seed's artist routes, answered from Wikidata through ArtistKnowledge and cached in Redis. */
@ApiTags('Scrutart (seed-compatible)')
@ApiBearerAuth()
@ApiBadRequestResponse({ type: SeedErrorResponse, description: 'Malformed QID or language' })
@ApiBadGatewayResponse({ type: SeedErrorResponse, description: 'Wikidata failed after its retries' })
@UseFilters(SeedErrorFilter)
@Controller('artist')
export class ArtistPreviewController {
  constructor(
    private readonly knowledge: ArtistKnowledge,
    private readonly cache: ArtistLookupCache,
  ) {}

  @Get(':qid/preview')
  @ApiOperation({ summary: 'Name, description, dates, nationality, movement and portrait of an artist (cached 1 h)' })
  @ApiParam({ name: 'qid', example: 'Q296' })
  @ApiQuery({ name: 'lang', required: false, enum: SCRUTART_LANGUAGES, description: 'Language of the labels (fr)' })
  @ApiOkResponse({ type: ArtistPreviewDoc })
  @ApiNotFoundResponse({ type: SeedErrorResponse, description: 'Not on Wikidata' })
  async preview(@Param('qid') rawQid: string, @Query('lang') rawLanguage?: string): Promise<ArtistPreview> {
    const qid = requireQid(rawQid);
    const language = previewLanguage(rawLanguage);
    return this.cache.remember('artist-preview', `${qid}:${language}`, () => this.knowledge.preview(qid, language));
  }

  @Get(':qid/artworks/count')
  @ApiOperation({ summary: 'How many works on Wikidata have this artist as creator (P170), cached 1 h' })
  @ApiParam({ name: 'qid', example: 'Q296' })
  @ApiOkResponse({ type: ArtworksCountDoc })
  async artworksCount(@Param('qid') rawQid: string): Promise<ArtworksCount> {
    const qid = requireQid(rawQid);
    const count = await this.cache.remember('artworks-count', qid, () => this.knowledge.artworksCount(qid));
    return { qid, artworks_count: count };
  }
}

function previewLanguage(raw: unknown): ScrutartLanguage {
  if (raw === undefined || raw === '') return 'fr';
  if (typeof raw !== 'string' || !(SCRUTART_LANGUAGES as readonly string[]).includes(raw)) {
    throw new SeedRequestError(
      400,
      `lang must be one of ${SCRUTART_LANGUAGES.join(', ')} (got ${JSON.stringify(raw)})`,
    );
  }
  return raw as ScrutartLanguage;
}
