import type { Virtualizer } from '@tanstack/react-virtual';
import { describe, expect, it } from 'vitest';
import { LINE_HEIGHT, observedLineHeight } from './log-pane';

/** A line element that fails the test if its size is read synchronously (a forced layout in the browser). */
function lineElement(): HTMLDivElement {
  return Object.defineProperty({}, 'offsetHeight', {
    get: () => {
      throw new Error('offsetHeight read: a forced layout');
    },
  }) as HTMLDivElement;
}

function pane(cached: Record<number, number>): Virtualizer<HTMLDivElement, HTMLDivElement> {
  return {
    options: { getItemKey: (index: number) => index },
    indexFromElement: () => 7,
    itemSizeCache: new Map(Object.entries(cached).map(([key, size]) => [Number(key), size])),
  } as unknown as Virtualizer<HTMLDivElement, HTMLDivElement>;
}

describe('observedLineHeight', () => {
  it('takes a line’s height from the ResizeObserver’s entry', () => {
    const entry = { borderBoxSize: [{ blockSize: 39.6, inlineSize: 800 }] } as unknown as ResizeObserverEntry;
    expect(observedLineHeight(lineElement(), entry, pane({}))).toBe(40);
  });

  it('counts a line not yet observed as one line high, or as last observed, without reading the page’s layout', () => {
    expect(observedLineHeight(lineElement(), undefined, pane({}))).toBe(LINE_HEIGHT);
    expect(observedLineHeight(lineElement(), undefined, pane({ 7: 60 }))).toBe(60);
  });
});
