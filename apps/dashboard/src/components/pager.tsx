import type { ReactNode } from 'react';

/** Where a page of `size` items starting at `offset` stands in `total`, and the offsets of its neighbours. */
export function pageSpan(total: number, offset: number, size: number) {
  return {
    first: total === 0 ? 0 : offset + 1,
    last: Math.min(offset + size, total),
    previous: offset > 0 ? Math.max(0, offset - size) : null,
    next: offset + size < total ? offset + size : null,
  };
}

/**
 * "21–40 of 57" between ← Previous and Next →, or "7 in all" when everything fits on the first page. The page
 * says how a step is taken (`step`: a router link keeping the offset in the URL, or a button), the pager only
 * which steps exist: one it cannot take is shown greyed.
 */
export function Pager(props: {
  /** Names the list for assistive technology: "Clients pages". */
  label: string;
  total: number;
  offset: number;
  size: number;
  step: (offset: number, text: string) => ReactNode;
}) {
  const { total, offset, size } = props;
  if (total <= size && offset === 0) return <p className="muted small">{total} in all</p>;
  const span = pageSpan(total, offset, size);
  const stepTo = (to: number | null, text: string) =>
    to === null ? <span className="muted">{text}</span> : props.step(to, text);
  return (
    <nav className="button-row small" aria-label={`${props.label} pages`}>
      {stepTo(span.previous, '← Previous')}
      <span>
        {span.first}–{span.last} of {total}
      </span>
      {stepTo(span.next, 'Next →')}
    </nav>
  );
}
