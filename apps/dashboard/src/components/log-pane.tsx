import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { LogLine } from '../api/types';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

/** The lines at or above `minimum` whose message or step contains `search` (case-insensitive). */
export function visibleLines(lines: readonly LogLine[], minimum: Level, search: string): LogLine[] {
  const floor = LEVELS.indexOf(minimum);
  const needle = search.trim().toLowerCase();
  return lines.filter(
    (line) =>
      LEVELS.indexOf(line.level) >= floor &&
      (needle === '' ||
        line.message.toLowerCase().includes(needle) ||
        (line.step ?? '').toLowerCase().includes(needle)),
  );
}

/** A run's log in a virtualised pane (only the lines in view are in the page), following the end while at it. */
export function LogPane({ lines, loading }: { lines: readonly LogLine[]; loading: boolean }) {
  const [minimum, setMinimum] = useState<Level>('debug');
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search);
  const shown = useMemo(() => visibleLines(lines, minimum, deferredSearch), [lines, minimum, deferredSearch]);
  const scroller = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    // One unwrapped line: `.log-line`'s height in styles.css. Measured lines then match it (wrapped ones do not).
    estimateSize: () => 20,
    overscan: 20,
  });
  useEffect(() => {
    if (follow && shown.length > 0) virtualizer.scrollToIndex(shown.length - 1, { align: 'end' });
  }, [follow, shown.length, virtualizer]);

  return (
    <div className="log-pane">
      <div className="toolbar">
        <label>
          Level{' '}
          <select
            aria-label="Minimum level"
            value={minimum}
            onChange={(event) => setMinimum(event.target.value as Level)}
          >
            {LEVELS.map((level) => (
              <option key={level} value={level}>
                {level} and above
              </option>
            ))}
          </select>
        </label>
        <input
          type="search"
          placeholder="Search the log"
          aria-label="Search the log"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <label>
          <input type="checkbox" checked={follow} onChange={(event) => setFollow(event.target.checked)} /> follow
        </label>
        <span className="muted small" data-testid="log-count">
          {shown.length} of {lines.length} line(s)
        </span>
      </div>
      <div
        ref={scroller}
        className="log-lines"
        data-testid="log-lines"
        onWheel={() => {
          if (follow) setFollow(false);
        }}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((virtual) => {
            const line = shown[virtual.index];
            return (
              <div
                key={virtual.key}
                data-index={virtual.index}
                ref={virtualizer.measureElement}
                className={`log-line level-${line.level}`}
                style={{ transform: `translateY(${virtual.start}px)` }}
              >
                <span className="log-time">{line.at.slice(11, 23)}</span>
                <span className="log-level">{line.level}</span>
                {line.step && <span className="log-step">{line.step}</span>}
                <span className="log-message">{line.message}</span>
              </div>
            );
          })}
        </div>
        {loading && <p className="muted">Loading the log…</p>}
        {!loading && lines.length === 0 && <p className="muted">No log line yet.</p>}
      </div>
    </div>
  );
}
