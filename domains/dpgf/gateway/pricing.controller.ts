import {
  Controller,
  Get,
  Param,
  ParseIntPipe,
  Query,
  UsePipes,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvalidRequestError } from '@relais/contracts';
import { DpgfImportFailurePageResponse, DpgfImportPageResponse } from './import-history.views';
import { LotNotFound } from './lot-not-found.error';
import { PricingBrowseRepository } from './pricing-browse.repository';
import {
  clientView,
  DpgfClientPageResponse,
  DpgfLotResponse,
  DpgfLotSectionsResponse,
  DpgfSchedulePageResponse,
  lotView,
  pageView,
  scheduleView,
  sectionView,
} from './pricing-browse.views';
import { DpgfListQuery, ElementsQuery, ImportsQuery, PageQuery } from './pricing-browse.query';

/** Bad query values are a 400 naming each field, as on every route. */
const QUERY_VALIDATION = new ValidationPipe({
  transform: true,
  whitelist: true,
  forbidNonWhitelisted: true,
  exceptionFactory: (errors: ValidationError[]) =>
    new InvalidRequestError(
      Object.fromEntries(
        errors.map((error) => [error.property, Object.values(error.constraints ?? { invalid: 'is not allowed' })]),
      ),
    ),
});

const ID = new ParseIntPipe({
  exceptionFactory: () => new InvalidRequestError({ id: ['must be a positive integer'] }),
});

/** What was imported: the files (and those that failed), clients → dpgf → lots → sections (a tree) with their elements. */
@ApiTags('DPGF')
@ApiBearerAuth()
@Controller()
@UsePipes(QUERY_VALIDATION)
export class PricingController {
  constructor(private readonly browse: PricingBrowseRepository) {}

  @Get('imports')
  @ApiOperation({
    summary:
      'Imported files, newest first, each with the schedule (dpgf) and client it became; `source_deleted=true` lists those whose file is gone from its source',
  })
  @ApiOkResponse({ type: DpgfImportPageResponse })
  imports(@Query() query: ImportsQuery): Promise<DpgfImportPageResponse> {
    return this.browse.imports(query);
  }

  @Get('import-failures')
  @ApiOperation({ summary: 'Files whose latest import failed, newest first, with the reason' })
  @ApiOkResponse({ type: DpgfImportFailurePageResponse })
  importFailures(@Query() query: PageQuery): Promise<DpgfImportFailurePageResponse> {
    return this.browse.importFailures(query);
  }

  @Get('clients')
  @ApiOperation({ summary: 'Clients, by name; `search` matches the name' })
  @ApiOkResponse({ type: DpgfClientPageResponse })
  async clients(@Query() query: PageQuery): Promise<DpgfClientPageResponse> {
    return pageView(await this.browse.clients(query), clientView);
  }

  @Get('dpgf')
  @ApiOperation({ summary: 'Imported schedules, newest first; `search` matches the project or the file' })
  @ApiOkResponse({ type: DpgfSchedulePageResponse })
  async dpgf(@Query() query: DpgfListQuery): Promise<DpgfSchedulePageResponse> {
    return pageView(await this.browse.dpgf(query), scheduleView);
  }

  @Get('dpgf/:id/lots')
  @ApiOperation({ summary: 'The lots of a schedule, in sheet order' })
  @ApiOkResponse({ type: [DpgfLotResponse] })
  async lots(@Param('id', ID) id: number): Promise<DpgfLotResponse[]> {
    return (await this.browse.lotsOf(id)).map(lotView);
  }

  @Get('lots/:id/sections')
  @ApiOperation({
    summary:
      "A lot's section tree, each section holding its elements of the page asked for (filtered by text or mismatch)",
  })
  @ApiOkResponse({ type: DpgfLotSectionsResponse })
  async sections(@Param('id', ID) id: number, @Query() query: ElementsQuery): Promise<DpgfLotSectionsResponse> {
    const lot = await this.browse.lot(id);
    if (!lot) throw new LotNotFound(id);
    const tree = await this.browse.sectionTree(id, query);
    return { lot: lotView(lot), sections: tree.sections.map(sectionView), elements: tree.elements };
  }
}
