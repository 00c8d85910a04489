import { ApiProperty } from '@nestjs/swagger';

/** One chunk of the documentation that answers a question. */
export class RagPassageResponse {
  @ApiProperty({ example: 1 })
  rank: number;

  @ApiProperty({ description: 'Cosine similarity to the question: 1 is the same direction, 0 unrelated' })
  score: number;

  @ApiProperty({ example: 'tutorial/inputoutput.html', description: 'The page, a path under RAG_BASE_URL' })
  page: string;

  @ApiProperty({ example: 'https://docs.python.org/3/tutorial/inputoutput.html', description: 'Link to the page' })
  url: string;

  @ApiProperty({ example: '7. Input and Output', description: "The page's title (empty if no longer in the manifest)" })
  title: string;

  @ApiProperty({ type: [String], example: ['The Python Tutorial'], description: "The page's section path" })
  section: string[];

  @ApiProperty({ example: 'tutorial/inputoutput.html_0123456789abcdef_chunk_3' })
  chunk_id: string;

  @ApiProperty()
  text: string;

  @ApiProperty()
  chunk_index: number;

  @ApiProperty()
  chunk_total: number;
}

export class RagCitationResponse {
  @ApiProperty({ description: 'The [n] mark in the answer' })
  number: number;

  @ApiProperty({ description: "The cited page's URL" })
  source: string;

  @ApiProperty()
  chunk_id: string;

  @ApiProperty({ type: Number, nullable: true, description: 'Always null here (PDF pages only)' })
  page: number | null;
}

export class RagWrittenAnswerResponse {
  @ApiProperty()
  text: string;

  @ApiProperty({ example: 'mistral-small-latest' })
  model: string;

  @ApiProperty({ type: [RagCitationResponse] })
  citations: RagCitationResponse[];
}

/** `POST /api/rag/query`. */
export class RagQueryResponse {
  @ApiProperty()
  question: string;

  @ApiProperty()
  k: number;

  @ApiProperty({ example: 'hashing-v1-512' })
  embedder: string;

  @ApiProperty({ example: 'doctorpy_docs-hashing-v1-512' })
  collection: string;

  @ApiProperty({ type: [RagPassageResponse], description: 'Best first' })
  passages: RagPassageResponse[];

  @ApiProperty({
    type: RagWrittenAnswerResponse,
    nullable: true,
    description: 'Written by Mistral from the passages; null without MISTRAL_API_KEY',
  })
  answer: RagWrittenAnswerResponse | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why there is no answer although a key is configured' })
  answer_error: string | null;

  @ApiProperty()
  took_ms: number;
}

/** One page of the knowledge base. */
export class RagPageResponse {
  @ApiProperty({ example: 'tutorial/inputoutput.html' })
  page: string;

  @ApiProperty({ example: 'https://docs.python.org/3/tutorial/inputoutput.html' })
  url: string;

  @ApiProperty({ example: '7. Input and Output' })
  title: string;

  @ApiProperty({ type: [String], example: ['The Python Tutorial'] })
  section: string[];

  @ApiProperty({ example: '0123456789abcdef', description: 'sha256 (16 hex) of the extracted Markdown' })
  content_hash: string;

  @ApiProperty()
  chunk_count: number;

  @ApiProperty({ format: 'date-time', description: 'When its chunks were last written' })
  indexed_at: string;

  @ApiProperty({ format: 'date-time', description: 'When it was last fetched whole (a 304 leaves it)' })
  fetched_at: string;

  @ApiProperty({ type: String, nullable: true })
  etag: string | null;

  @ApiProperty({ type: String, nullable: true })
  last_modified: string | null;
}

/** `GET /api/rag/pages`. */
export class RagPageListResponse {
  @ApiProperty({ type: [RagPageResponse], description: 'In path order' })
  items: RagPageResponse[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  limit: number;

  @ApiProperty()
  offset: number;
}
