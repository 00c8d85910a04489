/**
 * Where the DPGF browser stands, as kept in its URL (`/dpgf/browse?client=3&dpgf=12&lot=40&q=béton`): a link opens
 * the same client, schedule, lot and page of elements. Each level's list has its own filter and page.
 */
export interface DpgfBrowseState {
  client?: number;
  clientSearch: string;
  clientOffset: number;
  dpgf?: number;
  dpgfType?: DpgfType;
  dpgfSearch: string;
  dpgfOffset: number;
  lot?: number;
  /** Text the elements' designation contains. */
  elementSearch: string;
  /** Only the elements whose quantity × unit price differs from their total. */
  mismatch: boolean;
  elementOffset: number;
}

export const DPGF_TYPES = ['DPGF', 'BPU', 'DQE'] as const;
export type DpgfType = (typeof DPGF_TYPES)[number];

/** Rows per page: clients and schedules (the routes allow 200), elements (500). */
export const LIST_PAGE = 20;
export const ELEMENT_PAGE = 100;
/** The routes' own bounds: a hand-edited link past them is brought back rather than refused. */
const MAX_OFFSET = 1_000_000;
const MAX_SEARCH = 200;

type TextSearch = Record<string, string | undefined>;

function id(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,9}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= 1 ? value : undefined;
}

function offset(text: string | undefined): number {
  if (text === undefined || !/^\d{1,7}$/.test(text)) return 0;
  return Math.min(Number(text), MAX_OFFSET);
}

function words(text: string | undefined): string {
  return (text ?? '').slice(0, MAX_SEARCH);
}

/** The state a URL's search parameters describe; what is malformed is dropped, and a lot needs its schedule. */
export function browseStateFromSearch(search: TextSearch): DpgfBrowseState {
  const dpgf = id(search.dpgf);
  const type = DPGF_TYPES.find((candidate) => candidate === search.type);
  return {
    client: id(search.client),
    clientSearch: words(search.clients_q),
    clientOffset: offset(search.clients_offset),
    dpgf,
    dpgfType: type,
    dpgfSearch: words(search.dpgf_q),
    dpgfOffset: offset(search.dpgf_offset),
    lot: dpgf === undefined ? undefined : id(search.lot),
    elementSearch: words(search.q),
    mismatch: search.mismatch === 'true',
    elementOffset: offset(search.offset),
  };
}

/** The URL's search parameters for a state: defaults are left out so links stay short. */
export function searchFromBrowseState(state: DpgfBrowseState): TextSearch {
  const search: TextSearch = {
    client: state.client?.toString(),
    clients_q: state.clientSearch || undefined,
    clients_offset: state.clientOffset > 0 ? String(state.clientOffset) : undefined,
    dpgf: state.dpgf?.toString(),
    type: state.dpgfType,
    dpgf_q: state.dpgfSearch || undefined,
    dpgf_offset: state.dpgfOffset > 0 ? String(state.dpgfOffset) : undefined,
    lot: state.lot?.toString(),
    q: state.elementSearch || undefined,
    mismatch: state.mismatch ? 'true' : undefined,
    offset: state.elementOffset > 0 ? String(state.elementOffset) : undefined,
  };
  return Object.fromEntries(Object.entries(search).filter(([, value]) => value !== undefined));
}

/**
 * Choosing a client shows its schedules from the first page and forgets the schedule and lot; choosing a schedule
 * forgets the lot; choosing a lot shows its elements from the first page.
 */
export function select(
  state: DpgfBrowseState,
  level: 'client' | 'dpgf' | 'lot',
  value: number | undefined,
): DpgfBrowseState {
  const firstElements = { lot: undefined, elementSearch: '', mismatch: false, elementOffset: 0 };
  if (level === 'client') return { ...state, client: value, dpgf: undefined, dpgfOffset: 0, ...firstElements };
  if (level === 'dpgf') return { ...state, dpgf: value, ...firstElements };
  return { ...state, lot: value, elementOffset: 0 };
}

function query(parameters: Record<string, string | number | undefined>): string {
  const text = new URLSearchParams();
  for (const [key, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== '') text.set(key, String(value));
  }
  return text.toString();
}

/** The API paths the page reads for a state, each independent of the others (fetched side by side). */
export function browseRequests(state: DpgfBrowseState): {
  clients: string;
  schedules: string;
  lots: string | null;
  sections: string | null;
} {
  return {
    clients: `/api/dpgf/clients?${query({ limit: LIST_PAGE, offset: state.clientOffset, search: state.clientSearch })}`,
    schedules: `/api/dpgf/dpgf?${query({
      limit: LIST_PAGE,
      offset: state.dpgfOffset,
      client_id: state.client,
      type: state.dpgfType,
      search: state.dpgfSearch,
    })}`,
    lots: state.dpgf === undefined ? null : `/api/dpgf/dpgf/${state.dpgf}/lots`,
    sections:
      state.lot === undefined
        ? null
        : `/api/dpgf/lots/${state.lot}/sections?${query({
            limit: ELEMENT_PAGE,
            offset: state.elementOffset,
            search: state.elementSearch,
            mismatch: state.mismatch ? 'true' : undefined,
          })}`,
  };
}
