// @vitest-environment jsdom
import { createElement, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { Pager, pageSpan } from './pager';

/** Draws a pager whose steps are links to `#<offset>`, the way a page's router links would be. */
function drawn(total: number, offset: number, size: number): HTMLElement {
  const container = document.createElement('div');
  const step = (to: number, text: string): ReactNode => createElement('a', { href: `#${to}` }, text);
  flushSync(() => {
    createRoot(container).render(createElement(Pager, { label: 'Clients', total, offset, size, step }));
  });
  return container;
}

describe('pageSpan', () => {
  it('places a middle page and both neighbours', () => {
    expect(pageSpan(57, 20, 20)).toEqual({ first: 21, last: 40, previous: 0, next: 40 });
  });

  it('has no neighbour past either end, and the last page stops at the total', () => {
    expect(pageSpan(57, 40, 20)).toEqual({ first: 41, last: 57, previous: 20, next: null });
    expect(pageSpan(57, 0, 20)).toEqual({ first: 1, last: 20, previous: null, next: 20 });
  });

  it('never steps back before the first item from an offset that is not a multiple of the size', () => {
    expect(pageSpan(57, 5, 20).previous).toBe(0);
  });

  it('says 0–0 of an empty list reached past its end (a stale link)', () => {
    expect(pageSpan(0, 40, 20)).toEqual({ first: 0, last: 0, previous: 20, next: null });
  });
});

describe('Pager', () => {
  it('gives the count alone when everything fits on the first page', () => {
    const pager = drawn(7, 0, 20);
    expect(pager.textContent).toBe('7 in all');
    expect(pager.querySelector('nav')).toBeNull();
  });

  it('links to the pages before and after, named for assistive technology', () => {
    const nav = drawn(57, 20, 20).querySelector('nav');
    expect(nav?.getAttribute('aria-label')).toBe('Clients pages');
    expect(nav?.textContent).toBe('← Previous21–40 of 57Next →');
    expect(
      [...(nav?.querySelectorAll('a') ?? [])].map((link) => [link.textContent, link.getAttribute('href')]),
    ).toEqual([
      ['← Previous', '#0'],
      ['Next →', '#40'],
    ]);
  });

  it('greys the step it cannot take instead of linking it', () => {
    const nav = drawn(57, 40, 20).querySelector('nav');
    expect([...(nav?.querySelectorAll('a') ?? [])].map((link) => link.textContent)).toEqual(['← Previous']);
    expect(nav?.querySelector('span.muted')?.textContent).toBe('Next →');
  });
});
