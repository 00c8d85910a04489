import { describe, expect, it } from 'vitest';
import { ragPagesFrom, ragReplyFrom } from './rag-answers';

describe('reading the RAG routes’ answers', () => {
  it('reads the pages bare or paged, with absent fields as empty', () => {
    const page = {
      url: 'https://docs.python.org/3/tutorial/',
      title: 'Tutorial',
      hash: 'ab12',
      indexed_at: '2026-12-03T10:00:00Z',
      chunks: 4,
    };
    const read = { url: page.url, title: 'Tutorial', hash: 'ab12', indexedAt: '2026-12-03T10:00:00Z', chunks: 4 };
    expect(ragPagesFrom([page])).toEqual([read]);
    expect(ragPagesFrom({ items: [page], total: 1 })).toEqual([read]);
    expect(ragPagesFrom({ pages: [{ url: 'x', chunks: 'many' }, null] })).toEqual([
      { url: 'x', title: '', hash: '', indexedAt: null, chunks: 0 },
    ]);
    expect(ragPagesFrom('not json')).toEqual([]);
  });

  it('reads the chunks and the answer, written as text or as {text}', () => {
    const chunk = { url: 'u', section: ['Tutorial', 'Lists'], text: 't', score: 0.8 };
    expect(ragReplyFrom({ chunks: [chunk], answer: 'Use append.' })).toEqual({
      chunks: [{ url: 'u', section: 'Tutorial › Lists', text: 't', score: 0.8 }],
      answer: 'Use append.',
    });
    expect(ragReplyFrom({ chunks: [], answer: { text: 'Yes.' } }).answer).toBe('Yes.');
    expect(ragReplyFrom({ chunks: [{ url: 'u', section: 'S', text: 't' }] })).toEqual({
      chunks: [{ url: 'u', section: 'S', text: 't', score: null }],
      answer: null,
    });
  });
});
