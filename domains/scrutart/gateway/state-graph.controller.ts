import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InvalidRequestError } from '@relais/contracts';
import { QID_PATTERN } from '../contracts';
import { ScrutartStateReader } from './scrutart-state.reader';
import { writeStateGraph } from './state-graph.writer';

/**
 * `GET /api/scrutart/state.ttl`: what Scrutart published where, as RDF Turtle (vocabulary in
 * state-graph.vocabulary.ts and docs/domains/scrutart.md). A Relais route, so its errors have the generic API's shape.
 */
@ApiTags('Scrutart')
@ApiBearerAuth()
@Controller()
export class StateGraphController {
  constructor(private readonly state: ScrutartStateReader) {}

  @Get('state.ttl')
  @Header('Content-Type', 'text/turtle; charset=utf-8')
  @ApiOperation({ summary: 'The Scrutart state (artists, galleries, uploaded images, posts per language) as Turtle' })
  @ApiProduces('text/turtle')
  @ApiQuery({ name: 'qid', required: false, description: 'Only this artist (e.g. Q296)' })
  @ApiOkResponse({
    description: 'Turtle; vocabulary in docs/domains/scrutart.md (the state graph)',
    schema: { type: 'string' },
  })
  async stateGraph(@Query('qid') qid?: string): Promise<string> {
    if (qid !== undefined && (typeof qid !== 'string' || !QID_PATTERN.test(qid))) {
      throw new InvalidRequestError({ qid: ['qid must be a Wikidata item id such as Q296'] });
    }
    return writeStateGraph(await this.state.read(qid));
  }
}
