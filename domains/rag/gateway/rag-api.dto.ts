import { OffsetPageQuery } from '@relais/contracts';
import { QuestionBody } from '@relais/ingest';

/** `POST /api/rag/query`: k defaults to 5 (the gates' test questions look as far). */
export class RagQueryBody extends QuestionBody {
  override k: number = 5;
}

/** `GET /api/rag/pages`: the page manifest, in path order. */
export class ListPagesQuery extends OffsetPageQuery {}
