import { useQuery } from '@tanstack/react-query';
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'react';
import { api } from '../api/client';
import type { Report } from '../api/types';
import { ErrorNote, formatTime, JsonTree, Loading } from './common';

/** Markdown as HTML with every script, handler and unknown tag removed (a report may quote any text). */
export function safeMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
}

/** One report rendered by kind: JSON as a tree, Markdown as sanitised HTML, text as it is. */
export function ReportView({ reportId }: { reportId: string }) {
  const report = useQuery({
    queryKey: ['report', reportId],
    queryFn: () => api<Report>(`/api/reports/${reportId}`),
    staleTime: Infinity,
  });
  const html = useMemo(
    () =>
      report.data?.kind === 'markdown' && typeof report.data.content === 'string'
        ? safeMarkdown(report.data.content)
        : null,
    [report.data],
  );
  if (report.isPending) return <Loading what="the report" />;
  if (report.error) return <ErrorNote error={report.error} />;
  const { kind, key, createdAt, content } = report.data;
  return (
    <div className="report" data-testid="report">
      <p className="muted small">
        <code>{key}</code> · {kind} · {formatTime(createdAt)}
      </p>
      {kind === 'json' && typeof content !== 'string' && <JsonTree value={content} />}
      {html !== null && <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />}
      {(kind === 'text' || (kind === 'json' && typeof content === 'string')) && (
        <pre>{typeof content === 'string' ? content : JSON.stringify(content, null, 2)}</pre>
      )}
    </div>
  );
}
