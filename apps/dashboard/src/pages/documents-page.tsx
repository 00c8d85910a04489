import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, postForm } from '../api/client';
import type { DocumentEntry, DocumentList, DocumentQueryAnswer, DocumentUploadResult } from '../api/types';
import { QuestionForm, useAskQuestion } from '../components/question-form';
import { Card, ErrorNote, formatTime, Loading, StateBadge } from '../components/common';
import { formatBytes } from '../lib/byte-size';
import { allows, useRole } from '../session';

/** One file of an upload: what the gateway answered, or why it refused it. */
interface UploadOutcome {
  name: string;
  result?: DocumentUploadResult;
  error?: unknown;
}

const MANIFEST_KEY = ['documents'] as const;

function QuestionCard({ canAsk }: { canAsk: boolean }) {
  const ask = useAskQuestion<DocumentQueryAnswer>('/api/documents/query');
  const reply = ask.data;
  return (
    <Card title="Ask the documents">
      <QuestionForm
        placeholder="How often should the filter be cleaned?"
        canAsk={canAsk}
        pending={ask.isPending}
        onAsk={(question) => ask.mutate(question)}
      />
      <ErrorNote error={ask.error} />
      {reply && (
        <div data-testid="query-answer">
          {reply.answer ? (
            <div className="answer">
              <p>{reply.answer.text}</p>
              <div className="muted small">
                {reply.answer.model} · {reply.took_ms} ms
              </div>
            </div>
          ) : (
            reply.answer_error && <p className="note">No written answer: {reply.answer_error}</p>
          )}
          {reply.passages.length === 0 ? (
            <p className="muted">No passage matches the question.</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>#</th>
                  <th>Source</th>
                  <th>Score</th>
                  <th>Passage</th>
                </tr>
              </thead>
              <tbody>
                {reply.passages.map((passage) => (
                  <tr key={passage.chunk_id} data-testid="passage">
                    <td>{passage.rank}</td>
                    <td>
                      <code data-testid="passage-source">{passage.source}</code>
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

function UploadCard() {
  const client = useQueryClient();
  const [files, setFiles] = useState<File[]>([]);
  const upload = useMutation({
    mutationFn: async (chosen: File[]): Promise<UploadOutcome[]> => {
      const outcomes: UploadOutcome[] = [];
      for (const file of chosen) {
        const form = new FormData();
        form.append('file', file, file.name);
        try {
          outcomes.push({
            name: file.name,
            result: await postForm<DocumentUploadResult>('/api/documents?ingest=true', form),
          });
        } catch (error) {
          outcomes.push({ name: file.name, error });
        }
      }
      return outcomes;
    },
    onSuccess: () => client.invalidateQueries({ queryKey: MANIFEST_KEY }),
  });
  return (
    <Card title="Upload">
      <p className="muted small">
        Files go into the inbox and are ingested at once (PDF, Word, text, Markdown, HTML); one ingestion run each.
      </p>
      <div className="filters">
        <input
          type="file"
          multiple
          aria-label="Files to upload"
          onChange={(event) => setFiles(Array.from(event.target.files ?? []))}
        />
        <button
          type="button"
          className="primary"
          disabled={files.length === 0 || upload.isPending}
          onClick={() => upload.mutate(files)}
        >
          {upload.isPending ? 'Uploading…' : files.length > 1 ? `Upload ${files.length} files` : 'Upload'}
        </button>
      </div>
      {upload.data && (
        <ul data-testid="upload-outcomes">
          {upload.data.map((outcome) => (
            <li key={outcome.name}>
              <code>{outcome.name}</code>
              {outcome.result ? (
                <>
                  {' → '}
                  {outcome.result.file}
                  {outcome.result.replaced && ' (replaced)'}
                  {' · '}
                  {outcome.result.run_id ? (
                    <Link to="/runs/$runId" params={{ runId: outcome.result.run_id }} data-testid="upload-run">
                      ingestion run
                    </Link>
                  ) : (
                    'waits for the nightly run'
                  )}
                </>
              ) : (
                <ErrorNote error={outcome.error} title={outcome.name} />
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function ManifestCard({ canDelete }: { canDelete: boolean }) {
  const client = useQueryClient();
  const manifest = useQuery({
    queryKey: MANIFEST_KEY,
    queryFn: () => api<DocumentList>('/api/documents?limit=200'),
    refetchInterval: 10_000,
  });
  const remove = useMutation({
    mutationFn: (document: DocumentEntry) =>
      api(`/api/documents/${encodeURIComponent(document.id)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: MANIFEST_KEY }),
  });
  return (
    <Card title={`Indexed documents${manifest.data ? ` (${manifest.data.total})` : ''}`}>
      {manifest.isPending && <Loading what="documents" />}
      <ErrorNote error={manifest.error} />
      <ErrorNote error={remove.error} />
      {manifest.data && manifest.data.items.length === 0 && <p className="muted">No document yet.</p>}
      {manifest.data && manifest.data.items.length > 0 && (
        <table className="table" data-testid="manifest">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Chunks</th>
              <th>Size</th>
              <th>Updated</th>
              <th>Status</th>
              {canDelete && <th />}
            </tr>
          </thead>
          <tbody>
            {manifest.data.items.map((document) => (
              <tr key={document.id}>
                <td>
                  <code>{document.source}</code>
                </td>
                <td>{document.document_type ?? document.format ?? '–'}</td>
                <td>{document.chunk_count}</td>
                <td>{formatBytes(document.size_bytes)}</td>
                <td className="small">{formatTime(document.updated_at)}</td>
                <td>
                  <StateBadge state={document.state} />
                  {document.error_message && <div className="error-text small">{document.error_message}</div>}
                </td>
                {canDelete && (
                  <td>
                    <button
                      type="button"
                      disabled={remove.isPending}
                      onClick={() => {
                        if (window.confirm(`Remove ${document.source} and its chunks from the index?`)) {
                          remove.mutate(document);
                        }
                      }}
                    >
                      Delete
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

export function DocumentsPage() {
  const role = useRole();
  const operator = allows(role, 'operator');
  return (
    <div className="page">
      <h1>Documents</h1>
      <QuestionCard canAsk={operator} />
      {operator && <UploadCard />}
      <ManifestCard canDelete={operator} />
    </div>
  );
}
