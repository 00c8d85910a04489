import { useQuery } from '@tanstack/react-query';
import { api, ApiRequestError } from '../api/client';
import { QuestionForm, useAskQuestion } from '../components/question-form';
import { Card, ErrorNote, formatTime, Loading } from '../components/common';
import type { RagPageList, RagQueryAnswer } from '../api/types';
import { allows, useRole } from '../session';

/** The RAG routes answer 404 on a gateway whose domains do not include RAG. */
function notInstalled(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 404;
}

function QuestionCard({ canAsk }: { canAsk: boolean }) {
  const ask = useAskQuestion<RagQueryAnswer>('/api/rag/query');
  const reply = ask.data;
  return (
    <Card title="Ask the Python documentation">
      <QuestionForm
        placeholder="How do I remove duplicates from a list while keeping its order?"
        canAsk={canAsk}
        pending={ask.isPending}
        onAsk={(question) => ask.mutate(question)}
      />
      <ErrorNote error={ask.error} />
      {reply && (
        <div data-testid="rag-reply">
          {reply.answer && <p className="answer">{reply.answer.text}</p>}
          {reply.answer_error && <p className="note">No written answer: {reply.answer_error}</p>}
          {reply.passages.length === 0 ? (
            <p className="muted">No passage of the indexed pages matches the question.</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>Page and section</th>
                  <th>Score</th>
                  <th>Passage</th>
                </tr>
              </thead>
              <tbody>
                {reply.passages.map((passage) => (
                  <tr key={passage.chunk_id}>
                    <td>
                      <a href={passage.url} target="_blank" rel="noreferrer noopener" data-testid="passage-page">
                        {passage.title || passage.page}
                      </a>
                      {passage.section.length > 0 && <div className="muted small">{passage.section.join(' › ')}</div>}
                    </td>
                    <td>{passage.score.toFixed(3)}</td>
                    <td className="small">{passage.text}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </Card>
  );
}

/**
 * The RAG domain (DoctorPy): the pages of its knowledge base and a question over them. On a gateway without the
 * domain its routes answer 404 and the page says so instead of showing an error.
 */
export function RagPage() {
  const role = useRole();
  const pages = useQuery({
    queryKey: ['rag', 'pages'],
    queryFn: () => api<RagPageList>('/api/rag/pages?limit=200'),
  });
  if (notInstalled(pages.error)) {
    return (
      <div className="page">
        <h1>RAG</h1>
        <p className="note" data-testid="rag-not-installed">
          RAG domain not installed: this gateway has no <code>/api/rag</code> routes. See docs/domains/rag.md.
        </p>
      </div>
    );
  }
  return (
    <div className="page">
      <h1>RAG</h1>
      <QuestionCard canAsk={allows(role, 'operator')} />
      <Card title={`Indexed pages${pages.data ? ` (${pages.data.total})` : ''}`}>
        {pages.isPending && <Loading what="the indexed pages" />}
        <ErrorNote error={pages.error} />
        {pages.data && pages.data.items.length === 0 && <p className="muted">No page indexed yet.</p>}
        {pages.data && pages.data.total > pages.data.items.length && (
          <p className="muted small">
            The first {pages.data.items.length} of {pages.data.total}.
          </p>
        )}
        {pages.data && pages.data.items.length > 0 && (
          <table className="table" data-testid="rag-pages">
            <thead>
              <tr>
                <th>Page</th>
                <th>Chunks</th>
                <th>Indexed</th>
                <th>Content hash</th>
              </tr>
            </thead>
            <tbody>
              {pages.data.items.map((page) => (
                <tr key={page.page}>
                  <td>
                    <a href={page.url} target="_blank" rel="noreferrer noopener">
                      {page.title || page.page}
                    </a>
                  </td>
                  <td>{page.chunk_count}</td>
                  <td className="small">{formatTime(page.indexed_at)}</td>
                  <td>
                    <code title={page.content_hash}>{page.content_hash.slice(0, 12)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
