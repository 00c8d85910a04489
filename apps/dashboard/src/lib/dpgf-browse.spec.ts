import { describe, expect, it } from 'vitest';
import { browseRequests, browseStateFromSearch, searchFromBrowseState, select } from './dpgf-browse';

describe('the DPGF browser’s place, kept in its URL', () => {
  it('reads a deep link and writes it back the same, defaults left out', () => {
    const search = { client: '3', dpgf: '12', lot: '40', q: 'béton', mismatch: 'true', offset: '100' };
    const state = browseStateFromSearch(search);
    expect(state).toMatchObject({ client: 3, dpgf: 12, lot: 40, elementSearch: 'béton', mismatch: true });
    expect(searchFromBrowseState(state)).toEqual(search);
    expect(searchFromBrowseState(browseStateFromSearch({}))).toEqual({});
  });

  it('drops what a hand-edited link gets wrong instead of sending it', () => {
    const state = browseStateFromSearch({
      client: '0',
      lot: '7',
      type: 'XLS',
      offset: '-5',
      clients_q: 'x'.repeat(300),
    });
    expect(state.client).toBeUndefined();
    expect(state.lot).toBeUndefined(); // a lot without its schedule
    expect(state.dpgfType).toBeUndefined();
    expect(state.elementOffset).toBe(0);
    expect(state.clientSearch).toHaveLength(200);
  });

  it('forgets the levels below the one chosen, and their pages', () => {
    const deep = browseStateFromSearch({ client: '3', dpgf: '12', lot: '40', q: 'béton', offset: '100' });
    expect(searchFromBrowseState(select(deep, 'client', 4))).toEqual({ client: '4' });
    expect(searchFromBrowseState(select(deep, 'dpgf', 13))).toEqual({ client: '3', dpgf: '13' });
    expect(searchFromBrowseState(select(deep, 'lot', 41))).toEqual({ client: '3', dpgf: '12', lot: '41', q: 'béton' });
  });

  it('asks each level of the API with its own filters and page', () => {
    const state = browseStateFromSearch({
      client: '3',
      type: 'BPU',
      dpgf: '12',
      lot: '40',
      q: 'a&b',
      mismatch: 'true',
    });
    expect(browseRequests(state)).toEqual({
      clients: '/api/dpgf/clients?limit=20&offset=0',
      schedules: '/api/dpgf/dpgf?limit=20&offset=0&client_id=3&type=BPU',
      lots: '/api/dpgf/dpgf/12/lots',
      sections: '/api/dpgf/lots/40/sections?limit=100&offset=0&search=a%26b&mismatch=true',
    });
    expect(browseRequests(browseStateFromSearch({})).lots).toBeNull();
  });
});
