import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { validatedInput } from '@relais/contracts';
import { DoctorPyKnowledgeBase } from '../knowledge/doctorpy-knowledge-base';
import { ListPagesQuery, RagQueryBody } from './rag-api.dto';
import { RagPageListResponse, RagQueryResponse } from './rag-api.responses';
import { RagQuestions } from './rag-questions';

/**
 * The DoctorPy API, mounted under /api/rag: questions over the Python documentation, and the pages its
 * knowledge base holds. Asking (a POST) needs the operator role; reading the pages the viewer role.
 */
@ApiTags('RAG (DoctorPy)')
@ApiBearerAuth()
@ApiBadRequestResponse({ description: 'A field is wrong: `fields` names it' })
@Controller()
export class RagController {
  constructor(
    private readonly base: DoctorPyKnowledgeBase,
    private readonly questions: RagQuestions,
  ) {}

  @Post('query')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The k chunks of the Python documentation nearest a question (page link, title, section), and an answer citing them when MISTRAL_API_KEY is set',
  })
  @ApiBody({ schema: { example: { question: 'How do I open a file for reading?', k: 5 } } })
  @ApiOkResponse({ type: RagQueryResponse })
  @ApiServiceUnavailableResponse({ description: 'Chroma does not answer (Retry-After)' })
  async query(@Body() body: unknown): Promise<RagQueryResponse> {
    const { question, k } = validatedInput(RagQueryBody, body);
    return this.questions.ask(question, k);
  }

  @Get('pages')
  @ApiOperation({ summary: 'The pages of the knowledge base: when each was indexed, its content hash and chunks' })
  @ApiQuery({ name: 'limit', required: false, description: '1–1000, default 50' })
  @ApiQuery({ name: 'offset', required: false, description: 'default 0' })
  @ApiOkResponse({ type: RagPageListResponse })
  async pages(@Query() query: unknown): Promise<RagPageListResponse> {
    const { limit, offset } = validatedInput(ListPagesQuery, query);
    const [records, total] = await Promise.all([this.base.manifest.list(limit, offset), this.base.manifest.count()]);
    return {
      items: records.map((record) => ({
        page: record.page,
        url: record.url,
        title: record.title,
        section: record.sectionPath,
        content_hash: record.contentHash,
        chunk_count: record.chunkIds.length,
        indexed_at: record.indexedAt.toISOString(),
        fetched_at: record.fetchedAt.toISOString(),
        etag: record.etag,
        last_modified: record.lastModified,
      })),
      total,
      limit,
      offset,
    };
  }
}
