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
import type { DpgfEntity } from '../persistence/entities/dpgf.entity';
import type { LotEntity } from '../persistence/entities/lot.entity';
import type { ClientEntity } from '../persistence/entities/client.entity';
import { PricingBrowseRepository, type Page, type SectionNode } from './pricing-browse.repository';
import { DpgfListQuery, ElementsQuery, PageQuery } from './pricing-browse.query';

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
  @ApiOperation({ summary: 'Imported files, newest first, each with the schedule (dpgf) and client it became' })
  @ApiOkResponse({ type: DpgfImportPageResponse })
  imports(@Query() query: PageQuery): Promise<DpgfImportPageResponse> {
    return this.browse.imports(query);
  }

  @Get('import-failures')
  @ApiOperation({ summary: 'Files whose latest import failed, newest first, with the reason' })
  @ApiOkResponse({ type: DpgfImportFailurePageResponse })
  importFailures(@Query() query: PageQuery): Promise<DpgfImportFailurePageResponse> {
    return this.browse.importFailures(query);
  }

  @Get('clients')
  clients(@Query() query: PageQuery): Promise<Page<ClientEntity>> {
    return this.browse.clients(query);
  }

  @Get('dpgf')
  dpgf(@Query() query: DpgfListQuery): Promise<Page<DpgfEntity>> {
    return this.browse.dpgf(query);
  }

  @Get('dpgf/:id/lots')
  lots(@Param('id', ID) id: number): Promise<LotEntity[]> {
    return this.browse.lotsOf(id);
  }

  @Get('lots/:id/sections')
  async sections(
    @Param('id', ID) id: number,
    @Query() query: ElementsQuery,
  ): Promise<{ lot: LotEntity; sections: SectionNode[]; elements: Omit<Page<never>, 'items'> }> {
    const lot = await this.browse.lot(id);
    if (!lot) throw new LotNotFound(id);
    return { lot, ...(await this.browse.sectionTree(id, query)) };
  }
}
