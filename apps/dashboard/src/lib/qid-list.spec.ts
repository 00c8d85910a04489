import { describe, expect, it } from 'vitest';
import { parseQids } from './qid-list';

describe('QIDs typed in the Scrutart page', () => {
  it('reads ids separated by spaces, commas or lines, once each, upper-cased', () => {
    expect(parseQids('Q296, q5582\nQ296;Q35548')).toEqual({ qids: ['Q296', 'Q5582', 'Q35548'], invalid: [] });
  });

  it('names what is not an item id', () => {
    expect(parseQids('Q296 Monet Q0 P31')).toEqual({ qids: ['Q296'], invalid: ['Monet', 'Q0', 'P31'] });
  });
});
