import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { api } from '../api/client';
import type { DpgfClientPage, DpgfLot, DpgfLotSections, DpgfSchedulePage, DpgfSection } from '../api/types';
import { Card, ErrorNote, Loading } from '../components/common';
import { Pager } from '../components/pager';
import {
  browseRequests,
  browseStateFromSearch,
  DPGF_TYPES,
  ELEMENT_PAGE,
  LIST_PAGE,
  searchFromBrowseState,
  select,
  type DpgfBrowseState,
  type DpgfType,
} from '../lib/dpgf-browse';

const PRICE = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const QUANTITY = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });

function amount(value: number | null, format: Intl.NumberFormat): string {
  return value === null ? '' : format.format(value);
}

function SearchBox(props: { label: string; value: string; onChange: (value: string) => void; placeholder: string }) {
  return (
    <input
      aria-label={props.label}
      placeholder={props.placeholder}
      maxLength={200}
      value={props.value}
      onChange={(event) => props.onChange(event.target.value)}
    />
  );
}

/** One entry of a level's list: a link to the same page with that entry chosen (so it opens in a new tab too). */
function Choice(props: { to: DpgfBrowseState; active: boolean; children: ReactNode; testId: string }) {
  return (
    <Link
      to="/dpgf/browse"
      search={searchFromBrowseState(props.to)}
      className={`list-item${props.active ? ' active' : ''}`}
      data-testid={props.testId}
    >
      {props.children}
    </Link>
  );
}

function ElementsTable({ section }: { section: DpgfSection }) {
  if (section.elements.length === 0) return null;
  return (
    <table className="table small">
      <thead>
        <tr>
          <th>Article</th>
          <th>Designation</th>
          <th>Unit</th>
          <th className="number">Quantity</th>
          <th className="number">Unit price</th>
          <th className="number">Total</th>
          <th>Row</th>
        </tr>
      </thead>
      <tbody>
        {section.elements.map((element) => (
          <tr key={element.id} data-testid="dpgf-element" className={element.mismatch ? 'mismatch' : undefined}>
            <td>{element.article}</td>
            <td>{element.designation}</td>
            <td>{element.unit}</td>
            <td className="number">{amount(element.quantity, QUANTITY)}</td>
            <td className="number">{amount(element.unit_price, PRICE)}</td>
            <td className="number">
              {amount(element.total, PRICE)}
              {element.mismatch && (
                <span className="error-text" title="Quantity × unit price differs from this total">
                  {' '}
                  ≠
                </span>
              )}
            </td>
            <td className="muted">{element.row}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function countElements(section: DpgfSection): number {
  return section.elements.length + section.children.reduce((sum, child) => sum + countElements(child), 0);
}

/** A section and its sub-sections, open when they hold elements of this page. */
function SectionTree({ section }: { section: DpgfSection }) {
  const shown = countElements(section);
  return (
    <details className="section-node" open={shown > 0} data-testid="dpgf-section">
      <summary>
        <strong>{section.number ?? ''}</strong> {section.title}
        {shown > 0 && <span className="muted small"> · {shown} on this page</span>}
      </summary>
      <div className="section-children">
        <ElementsTable section={section} />
        {section.children.map((child) => (
          <SectionTree key={child.id} section={child} />
        ))}
      </div>
    </details>
  );
}

/**
 * Browse what the imports wrote: clients → schedules (dpgf) → lots → the lot's sections as a tree with its priced
 * lines. Every level filters and pages on the server; where one stands is the URL, so a link opens the same view.
 */
export function DpgfBrowsePage() {
  const search = useSearch({ from: '/dpgf/browse' });
  const navigate = useNavigate();
  const state = browseStateFromSearch(search);
  const requests = browseRequests(state);
  const go = (next: DpgfBrowseState) =>
    void navigate({ to: '/dpgf/browse', search: searchFromBrowseState(next), replace: true });
  // The four levels are read side by side (a deep link does not wait for one list to ask for the next).
  const clients = useQuery({
    queryKey: ['dpgf', 'browse', requests.clients],
    queryFn: () => api<DpgfClientPage>(requests.clients),
    placeholderData: keepPreviousData,
  });
  const schedules = useQuery({
    queryKey: ['dpgf', 'browse', requests.schedules],
    queryFn: () => api<DpgfSchedulePage>(requests.schedules),
    placeholderData: keepPreviousData,
  });
  const lots = useQuery({
    queryKey: ['dpgf', 'browse', requests.lots],
    queryFn: () => api<DpgfLot[]>(requests.lots ?? ''),
    enabled: requests.lots !== null,
  });
  const sections = useQuery({
    queryKey: ['dpgf', 'browse', requests.sections],
    queryFn: () => api<DpgfLotSections>(requests.sections ?? ''),
    enabled: requests.sections !== null,
    placeholderData: keepPreviousData,
  });

  return (
    <div className="page">
      <h1>
        <Link to="/dpgf">DPGF</Link> · Browse
      </h1>
      <div className="grid-3">
        <Card
          title={`Clients${clients.data ? ` (${clients.data.total})` : ''}`}
          actions={
            <SearchBox
              label="Search clients"
              placeholder="Name"
              value={state.clientSearch}
              onChange={(value) => go({ ...state, clientSearch: value, clientOffset: 0 })}
            />
          }
        >
          {clients.isPending && <Loading what="the clients" />}
          <ErrorNote error={clients.error} />
          {clients.data && (
            <>
              <div className="list" data-testid="dpgf-clients">
                <Choice
                  to={select(state, 'client', undefined)}
                  active={state.client === undefined}
                  testId="dpgf-client"
                >
                  <span className="muted">Every client</span>
                </Choice>
                {clients.data.items.map((client) => (
                  <Choice
                    key={client.id}
                    to={select(state, 'client', client.id)}
                    active={client.id === state.client}
                    testId="dpgf-client"
                  >
                    {client.name}
                  </Choice>
                ))}
              </div>
              <Pager
                label="Clients"
                total={clients.data.total}
                offset={state.clientOffset}
                size={LIST_PAGE}
                step={(offset, text) => (
                  <Link to="/dpgf/browse" search={searchFromBrowseState({ ...state, clientOffset: offset })}>
                    {text}
                  </Link>
                )}
              />
            </>
          )}
        </Card>

        <Card
          title={`Schedules${schedules.data ? ` (${schedules.data.total})` : ''}`}
          actions={
            <>
              <select
                aria-label="Schedule type"
                value={state.dpgfType ?? ''}
                onChange={(event) =>
                  go({ ...state, dpgfType: (event.target.value || undefined) as DpgfType | undefined, dpgfOffset: 0 })
                }
              >
                <option value="">Any type</option>
                {DPGF_TYPES.map((type) => (
                  <option key={type}>{type}</option>
                ))}
              </select>
              <SearchBox
                label="Search schedules"
                placeholder="Project or file"
                value={state.dpgfSearch}
                onChange={(value) => go({ ...state, dpgfSearch: value, dpgfOffset: 0 })}
              />
            </>
          }
        >
          {schedules.isPending && <Loading what="the schedules" />}
          <ErrorNote error={schedules.error} />
          {schedules.data && schedules.data.items.length === 0 && <p className="muted">No schedule matches.</p>}
          {schedules.data && (
            <>
              <div className="list" data-testid="dpgf-schedules">
                {schedules.data.items.map((schedule) => (
                  <Choice
                    key={schedule.id}
                    to={select({ ...state, client: state.client ?? schedule.client_id }, 'dpgf', schedule.id)}
                    active={schedule.id === state.dpgf}
                    testId="dpgf-schedule"
                  >
                    <span>
                      {schedule.project} <span className="badge">{schedule.type}</span>
                    </span>
                    <code className="muted small">{schedule.source_file}</code>
                  </Choice>
                ))}
              </div>
              <Pager
                label="Schedules"
                total={schedules.data.total}
                offset={state.dpgfOffset}
                size={LIST_PAGE}
                step={(offset, text) => (
                  <Link to="/dpgf/browse" search={searchFromBrowseState({ ...state, dpgfOffset: offset })}>
                    {text}
                  </Link>
                )}
              />
            </>
          )}
        </Card>

        <Card title={`Lots${lots.data ? ` (${lots.data.length})` : ''}`}>
          {state.dpgf === undefined && <p className="muted">Choose a schedule to see its lots.</p>}
          {lots.isLoading && <Loading what="the lots" />}
          <ErrorNote error={lots.error} />
          {lots.data && lots.data.length === 0 && <p className="muted">No lot in schedule #{state.dpgf}.</p>}
          {lots.data && lots.data.length > 0 && (
            <div className="list" data-testid="dpgf-lots">
              {lots.data.map((lot) => (
                <Choice key={lot.id} to={select(state, 'lot', lot.id)} active={lot.id === state.lot} testId="dpgf-lot">
                  <span>
                    {lot.number !== null && <strong>Lot {lot.number} </strong>}
                    {lot.name}
                  </span>
                  <span className="muted small">sheet {lot.sheet}</span>
                </Choice>
              ))}
            </div>
          )}
        </Card>
      </div>

      {state.lot !== undefined && (
        <Card
          title={
            sections.data
              ? `${sections.data.lot.number !== null ? `Lot ${sections.data.lot.number} · ` : ''}${sections.data.lot.name}`
              : `Lot #${state.lot}`
          }
          actions={
            <>
              <label className="small">
                <input
                  type="checkbox"
                  checked={state.mismatch}
                  onChange={(event) => go({ ...state, mismatch: event.target.checked, elementOffset: 0 })}
                />{' '}
                Only totals that do not add up
              </label>
              <SearchBox
                label="Search elements"
                placeholder="Designation"
                value={state.elementSearch}
                onChange={(value) => go({ ...state, elementSearch: value, elementOffset: 0 })}
              />
            </>
          }
        >
          {sections.isPending && <Loading what="the sections" />}
          <ErrorNote error={sections.error} />
          {sections.data && (
            <div data-testid="dpgf-tree">
              <Pager
                label="Elements"
                total={sections.data.elements.total}
                offset={state.elementOffset}
                size={ELEMENT_PAGE}
                step={(offset, text) => (
                  <Link to="/dpgf/browse" search={searchFromBrowseState({ ...state, elementOffset: offset })}>
                    {text}
                  </Link>
                )}
              />
              {sections.data.sections.length === 0 && <p className="muted">This lot has no section.</p>}
              {sections.data.sections.map((section) => (
                <SectionTree key={section.id} section={section} />
              ))}
            </div>
          )}
        </Card>
      )}
    </div>
  );
}
