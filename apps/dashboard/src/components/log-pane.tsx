import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { LogLine } from '../api/types';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

/** A one-line log line's height in px: `.log-line`'s line-height (18px) and padding (1px + 1px) in styles.css. */
export const LINE_HEIGHT = 20;

/**
 * A line's height for the virtualiser, read from the ResizeObserver's entry only. The library's default reads
 * `offsetHeight` as each line is mounted, which forces a layout per line (with 5 000 lines arriving a page at a
 * time and the pane following the end, that was the run page's hottest function). A line not yet observed counts as
 * one line high, which all but wrapped lines are; the observer, called after the browser's own layout, corrects
 * the others.
 */
export function observedLineHeight(
  element: HTMLDivElement,
  entry: ResizeObserverEntry | undefined,
  instance: Virtualizer<HTMLDivElement, HTMLDivElement>,
): number {
  if (entry && entry.borderBoxSize.length > 0) return Math.round(entry.borderBoxSize[0].blockSize);
  const key = instance.options.getItemKey(instance.indexFromElement(element));
  return instance.itemSizeCache.get(key) ?? LINE_HEIGHT;
}

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
    estimateSize: () => LINE_HEIGHT,
    measureElement: observedLineHeight,
    overscan: 20,
  });
  // Following the end: one scroll to the bottom each time lines arrive or a wrapped line's height is corrected
  // (the total changes). Not `scrollToIndex(last)`, which re-reads the pane's size in a loop until it settles:
  // each read a forced layout, 180 ms of the run page's first paint with 5 000 lines.
  const totalSize = virtualizer.getTotalSize();
  useEffect(() => {
    const element = scroller.current;
    if (follow && element && shown.length > 0) element.scrollTop = totalSize;
  }, [follow, shown.length, totalSize]);

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
        <div style={{ height: totalSize, position: 'relative' }}>
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
