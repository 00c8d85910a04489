import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { InvalidRequestError, validatedInput } from '@relais/contracts';
import { QID_MAX_LENGTH, QID_PATTERN } from '../contracts';
import { PublishedArtistsReader } from './published-artists.reader';
import { PublishedPageQuery } from './published-artists.query';
import { PublishedArtistListResponse, PublishedArtistResponse } from './published-artists.responses';

/**
 * What Scrutart published, per artist, mounted under /api/scrutart: the artists it processed and, for one, its
 * WordPress pages and Piwigo gallery. Relais's own routes (the generic error body), readable by viewers.
 */
@ApiTags('Scrutart')
@ApiBearerAuth()
@ApiBadRequestResponse({ description: 'A field is wrong: `fields` names it' })
@Controller('artists')
export class PublishedArtistsController {
  constructor(private readonly reader: PublishedArtistsReader) {}

  @Get()
  @ApiOperation({ summary: 'Artists Scrutart processed, the most recent first, with their pages and images counts' })
  @ApiQuery({ name: 'limit', required: false, description: '1–100, default 20' })
  @ApiQuery({ name: 'offset', required: false, description: 'default 0' })
  @ApiOkResponse({ type: PublishedArtistListResponse })
  async list(@Query() query: unknown): Promise<PublishedArtistListResponse> {
    const { limit, offset } = validatedInput(PublishedPageQuery, query);
    return this.reader.list(limit, offset);
  }

  @Get(':qid')
  @ApiOperation({ summary: "An artist's published pages (WordPress) and gallery (Piwigo album and images)" })
  @ApiParam({ name: 'qid', example: 'Q296' })
  @ApiQuery({ name: 'limit', required: false, description: 'Gallery images: 1–100, default 20' })
  @ApiQuery({ name: 'offset', required: false, description: 'Gallery images: default 0' })
  @ApiOkResponse({ type: PublishedArtistResponse })
  @ApiNotFoundResponse({ description: 'Scrutart has published nothing for this artist' })
  async artist(@Param('qid') qid: string, @Query() query: unknown): Promise<PublishedArtistResponse> {
    if (qid.length > QID_MAX_LENGTH || !QID_PATTERN.test(qid)) {
      throw new InvalidRequestError({ qid: ['must be a Wikidata item id such as Q296'] });
    }
    const { limit, offset } = validatedInput(PublishedPageQuery, query);
    return this.reader.artist(qid, limit, offset);
  }
}
