import { useEffect, useState, type ReactNode } from 'react';
import { ApiRequestError } from '../api/client';

export function StateBadge({ state }: { state: string }) {
  return <span className={`badge state-${state.toLowerCase()}`}>{state}</span>;
}

export function ProgressBar({ value, label }: { value: number; label?: string | null }) {
  const clamped = Math.max(0, Math.min(100, value));
  return (
    <span className="progress" title={label ?? `${Math.round(clamped)} %`}>
      <span className="progress-fill" style={{ width: `${clamped}%` }} />
      <span className="progress-text">{Math.round(clamped)} %</span>
    </span>
  );
}

/** 1234 → "1.2 s", 754000 → "12 min 34 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

export function formatTime(iso: string | null | undefined): string {
  return iso ? TIME.format(new Date(iso)) : '–';
}

/** "3 min ago", "in 2 h". */
export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '–';
  const delta = Date.parse(iso) - now;
  const magnitude = Math.abs(delta);
  const text =
    magnitude < 60_000
      ? `${Math.round(magnitude / 1000)} s`
      : magnitude < 3_600_000
        ? `${Math.round(magnitude / 60_000)} min`
        : magnitude < 86_400_000
          ? `${Math.round(magnitude / 3_600_000)} h`
          : `${Math.round(magnitude / 86_400_000)} d`;
  return delta >= 0 ? `in ${text}` : `${text} ago`;
}

/** A run's duration, ticking while it runs. */
export function LiveDuration(props: { startedAt: string | null; endedAt: string | null; durationMs: number | null }) {
  const running = props.startedAt !== null && props.endedAt === null;
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, [running]);
  if (running && props.startedAt) return <>{formatDuration(now - Date.parse(props.startedAt))}</>;
  return <>{formatDuration(props.durationMs)}</>;
}

/** An error with what to do next. */
export function ErrorNote({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  const advice = error instanceof ApiRequestError ? error.advice : '';
  return (
    <div className="error-note" role="alert">
      {title && <strong>{title}: </strong>}
      {message}
      {advice && <div className="advice">{advice}</div>}
      {error instanceof ApiRequestError && Object.keys(error.fields).length > 0 && (
        <ul>
          {Object.entries(error.fields).map(([field, messages]) => (
            <li key={field}>
              <code>{field}</code>: {messages.join('; ')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return <p className="muted">Loading {what}…</p>;
}

export function Card({ title, children, actions }: { title: ReactNode; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="card">
      <header className="card-header">
        <h2>{title}</h2>
        {actions && <div className="card-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

/** JSON as a collapsible tree (objects and arrays open to two levels). */
export function JsonTree({ value, name, depth = 0 }: { value: unknown; name?: string; depth?: number }) {
  const label = name !== undefined ? <span className="json-key">{name}: </span> : null;
  if (value === null || typeof value !== 'object') {
    const kind = value === null ? 'null' : typeof value;
    return (
      <div className="json-leaf">
        {label}
        <span className={`json-${kind}`}>{value === undefined ? 'undefined' : JSON.stringify(value)}</span>
      </div>
    );
  }
  const entries: (readonly [string, unknown])[] = Array.isArray(value)
    ? value.map((item: unknown, index) => [String(index), item] as const)
    : Object.entries(value as Record<string, unknown>);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <details className="json-node" open={depth < 2}>
      <summary>
        {label}
        <span className="muted">{summary}</span>
      </summary>
      <div className="json-children">
        {entries.slice(0, 500).map(([key, item]) => (
          <JsonTree key={key} name={key} value={item} depth={depth + 1} />
        ))}
        {entries.length > 500 && <div className="muted">… {entries.length - 500} more</div>}
      </div>
    </details>
  );
}
