import { SparqlRow, SparqlTerm } from './wikidata.types';

const ENTITY_PREFIX = 'http://www.wikidata.org/entity/';

/** The term's lexical value, or null when the variable is unbound. */
export function sparqlString(row: SparqlRow, variable: string): string | null {
  return row[variable]?.value ?? null;
}

/** The term as a number (xsd:integer, xsd:decimal, counts), or null when unbound or not numeric. */
export function sparqlNumber(row: SparqlRow, variable: string): number | null {
  const term = row[variable];
  if (!term) return null;
  const parsed = Number(term.value);
  return Number.isFinite(parsed) ? parsed : null;
}

/** "Q296" from a wd: IRI term, or null when unbound or not a Wikidata entity IRI. */
export function sparqlEntityId(row: SparqlRow, variable: string): string | null {
  const term = row[variable];
  return term ? entityIdFromIri(term) : null;
}

/** "Q296" from http://www.wikidata.org/entity/Q296 (also accepts a bare id). */
export function entityIdFromIri(term: SparqlTerm | string): string | null {
  const value = typeof term === 'string' ? term : term.type === 'uri' ? term.value : null;
  if (value === null) return null;
  const id = value.startsWith(ENTITY_PREFIX) ? value.slice(ENTITY_PREFIX.length) : value;
  return /^[QPL]\d+$/.test(id) ? id : null;
}
