import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { InvalidRequestError, validatedInput } from '@relais/contracts';
import { VectorIndexError } from '@relais/ingest';
import { DocumentCorpus } from '../corpus/document-corpus';
import { DocumentQuestions, type QueryAnswer } from './document-questions';
import { DocumentUploads, type StoredUpload, type UploadResult } from './document-uploads';
import { documentView, type DocumentView } from './document.view';
import { ListDocumentsQuery, QueryBody } from './documents-api.dto';
import {
  DocumentPageResponse,
  DocumentQueryAnswerResponse,
  DocumentRemovedResponse,
  DocumentResponse,
  DocumentUploadResponse,
} from './documents-api.responses';
import { DocumentNotFound, VectorIndexUnavailable } from './documents-api.errors';
import { UploadRefusalFilter } from './upload-refusal.filter';

/** A manifest id (a UUID). */
const DOCUMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The documents API, mounted under /api/documents: questions over the documents, uploads into the inbox, and
 * the manifest (list, show, delete with its chunks). Writes (upload, delete, and asking, a POST) need the
 * operator role; reads the viewer role.
 */
@ApiTags('Documents')
@ApiBearerAuth()
@ApiBadRequestResponse({ description: 'A field is wrong: `fields` names it' })
@Controller()
export class DocumentsController {
  constructor(
    private readonly corpus: DocumentCorpus,
    private readonly questions: DocumentQuestions,
    private readonly uploads: DocumentUploads,
  ) {}

  @Post('query')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The k passages nearest a question (source, score, position), and an answer citing them when MISTRAL_API_KEY is set',
  })
  @ApiBody({ schema: { example: { question: 'How often should the filter be cleaned?', k: 3 } } })
  @ApiOkResponse({ type: DocumentQueryAnswerResponse })
  @ApiServiceUnavailableResponse({ description: 'Chroma does not answer (Retry-After)' })
  async query(@Body() body: unknown): Promise<QueryAnswer> {
    const { question, k } = validatedInput(QueryBody, body);
    return this.questions.ask(question, k);
  }

  @Post()
  @UseFilters(UploadRefusalFilter)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    summary:
      'Uploads a file into the inbox (multipart field "file"), checked as ingestion checks it; ?ingest=true ingests it at once',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
  })
  @ApiQuery({ name: 'ingest', required: false, enum: ['true', 'false'] })
  @ApiCreatedResponse({ type: DocumentUploadResponse })
  async upload(
    @UploadedFile() file: StoredUpload | undefined,
    @Query('ingest') ingest?: unknown,
  ): Promise<UploadResult> {
    return this.uploads.accept(file, ingest);
  }

  @Get()
  @ApiOperation({ summary: 'The manifest: documents with their state, format, chunks and error, newest first' })
  @ApiQuery({ name: 'state', required: false, enum: ['indexing', 'indexed', 'failed', 'removing'] })
  @ApiQuery({ name: 'format', required: false, enum: ['pdf', 'docx', 'txt', 'markdown', 'html'] })
  @ApiQuery({ name: 'source_prefix', required: false, description: 'A folder, such as inbox/' })
  @ApiQuery({ name: 'limit', required: false, description: '1–1000, default 50' })
  @ApiQuery({ name: 'offset', required: false, description: 'default 0' })
  @ApiOkResponse({ type: DocumentPageResponse })
  async list(@Query() query: unknown): Promise<DocumentPageResponse> {
    const filter = validatedInput(ListDocumentsQuery, query);
    const where = { state: filter.state, format: filter.format, sourcePrefix: filter.source_prefix };
    const [records, total] = await Promise.all([
      this.corpus.manifest.list({ ...where, limit: filter.limit, offset: filter.offset }),
      this.corpus.manifest.count(where),
    ]);
    return { items: records.map(documentView), total, limit: filter.limit, offset: filter.offset };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One document of the manifest' })
  @ApiOkResponse({ type: DocumentResponse })
  @ApiNotFoundResponse({ description: 'No document has this id' })
  async show(@Param('id') id: string): Promise<DocumentView> {
    const record = await this.corpus.manifest.findById(documentId(id));
    if (!record) throw new DocumentNotFound(id);
    return documentView(record);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Removes a document from the manifest and its chunks from the index (its file stays)' })
  @ApiOkResponse({ type: DocumentRemovedResponse })
  @ApiNotFoundResponse({ description: 'No document has this id' })
  async remove(@Param('id') id: string): Promise<DocumentRemovedResponse> {
    let outcome;
    try {
      outcome = await this.corpus.ingestor.removeDocument(documentId(id));
    } catch (error) {
      if (error instanceof VectorIndexError) throw new VectorIndexUnavailable(error.message);
      throw error;
    }
    if (!outcome.removed) throw new DocumentNotFound(id);
    return { id, removed: true, chunks_deleted: outcome.chunksDeleted };
  }
}

function documentId(id: string): string {
  if (!DOCUMENT_ID.test(id)) throw new InvalidRequestError({ id: ['id must be a document id (a UUID)'] });
  return id;
}
