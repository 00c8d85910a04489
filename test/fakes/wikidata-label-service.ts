import { Generator, Parser, Pattern, SelectQuery } from 'sparqljs';
import { WIKIDATA_PREFIXES } from '../fixtures/wikidata/wikidata-namespaces';

const LABEL_SERVICE = `${WIKIDATA_PREFIXES.wikibase}label`;
const LANGUAGE_PARAM = `${WIKIDATA_PREFIXES.wikibase}language`;
const LABEL = `${WIKIDATA_PREFIXES.rdfs}label`;
const DESCRIPTION = `${WIKIDATA_PREFIXES.schema}description`;
const HIDDEN = '__labelService';

type Kind = 'Label' | 'Description';
interface LabelTarget {
  /** Variable the service binds (without "?"). */
  target: string;
  /** Variable holding the entity. */
  entity: string;
  kind: Kind;
}

/**
 * Emulates the Query Service's label service on a plain SPARQL engine: every
 * `SERVICE wikibase:label { bd:serviceParam wikibase:language "fr,en" }` is removed and, at the end of the group
 * that held it (WDQS also runs it last), each ?xLabel / ?xDescription the query uses is bound to ?x's label /
 * description in the first language that has one. As on WDQS a missing label falls back to the entity id
 * ("Q123"); a missing description stays unbound. Manual mode (`?x rdfs:label ?name` inside the service) is
 * honoured; ?xAltLabel is not emulated. The query may rely on WDQS's predefined prefixes (wd:, wdt:, p:…).
 */
export function rewriteLabelService(query: string): string {
  const parser = new Parser({ prefixes: { ...WIKIDATA_PREFIXES } });
  const parsed = parser.parse(query);
  if (parsed.type !== 'query') return new Generator().stringify(parsed);
  const usedVariables = collectVariables(parsed);
  const state = { rewritten: false };
  const visit = (patterns: Pattern[]): Pattern[] => {
    const kept: Pattern[] = [];
    const appended: Pattern[] = [];
    for (const pattern of patterns) {
      if (pattern.type === 'service' && pattern.name.termType === 'NamedNode' && pattern.name.value === LABEL_SERVICE) {
        appended.push(...replacementFor(pattern.patterns, usedVariables));
        state.rewritten = true;
        continue;
      }
      kept.push(visitNested(pattern, visit));
    }
    return [...kept, ...appended];
  };
  if (parsed.where) parsed.where = visit(parsed.where);
  if (state.rewritten && parsed.queryType === 'SELECT') expandWildcard(parsed);
  // Regenerated even when unchanged: the text then declares the WDQS prefixes the query relied on.
  return new Generator().stringify(parsed);
}

function visitNested(pattern: Pattern, visit: (patterns: Pattern[]) => Pattern[]): Pattern {
  switch (pattern.type) {
    case 'group':
    case 'optional':
    case 'minus':
    case 'graph':
    case 'service':
    case 'union':
      return { ...pattern, patterns: visit(pattern.patterns) };
    case 'query':
      return { ...pattern, where: pattern.where ? visit(pattern.where) : pattern.where };
    default:
      return pattern;
  }
}

/** The OPTIONAL lookups and BINDs that replace one label service call. */
function replacementFor(servicePatterns: Pattern[], usedVariables: Set<string>): Pattern[] {
  let languages = ['en'];
  const manual: LabelTarget[] = [];
  for (const pattern of servicePatterns) {
    if (pattern.type !== 'bgp') continue;
    for (const triple of pattern.triples) {
      const predicate = 'value' in triple.predicate ? triple.predicate.value : '';
      if (predicate === LANGUAGE_PARAM && triple.object.termType === 'Literal') {
        languages = triple.object.value
          .split(',')
          .map((language) => language.trim())
          .map((language) => (language === '[AUTO_LANGUAGE]' ? 'en' : language))
          .filter((language) => language !== '');
      } else if (
        (predicate === LABEL || predicate === DESCRIPTION) &&
        triple.subject.termType === 'Variable' &&
        triple.object.termType === 'Variable'
      ) {
        manual.push({
          target: triple.object.value,
          entity: triple.subject.value,
          kind: predicate === LABEL ? 'Label' : 'Description',
        });
      }
    }
  }
  const targets = manual.length > 0 ? manual : automaticTargets(usedVariables);
  if (targets.length === 0) return [];
  const text = targets.map((target) => lookup(target, languages)).join('\n');
  const parsed = new Parser({ prefixes: { ...WIKIDATA_PREFIXES } }).parse(
    `SELECT * WHERE {\n${text}\n}`,
  ) as SelectQuery;
  return parsed.where ?? [];
}

function automaticTargets(usedVariables: Set<string>): LabelTarget[] {
  const targets: LabelTarget[] = [];
  for (const name of usedVariables) {
    for (const kind of ['Label', 'Description'] as const) {
      if (name.endsWith(kind) && name.length > kind.length) {
        const entity = name.slice(0, -kind.length);
        if (usedVariables.has(entity)) targets.push({ target: name, entity, kind });
      }
    }
  }
  return targets;
}

function lookup({ target, entity, kind }: LabelTarget, languages: string[]): string {
  const predicate = kind === 'Label' ? 'rdfs:label' : 'schema:description';
  const candidates = languages.map((_, index) => `?${HIDDEN}_${target}_${index}`);
  const optionals = languages
    .map(
      (language, index) =>
        `OPTIONAL { ?${entity} ${predicate} ${candidates[index]} . FILTER(LANG(${candidates[index]}) = ${JSON.stringify(language)}) }`,
    )
    .join('\n');
  // WDQS shows the entity id when no label exists in the languages asked for.
  const fallback =
    kind === 'Label'
      ? `IF(isIRI(?${entity}) && STRSTARTS(STR(?${entity}), "${WIKIDATA_PREFIXES.wd}"), STRAFTER(STR(?${entity}), "${WIKIDATA_PREFIXES.wd}"), STR(?${entity}))`
      : null;
  const choices = fallback ? [...candidates, fallback] : candidates;
  return `${optionals}\nBIND(COALESCE(${choices.join(', ')}) AS ?${target})`;
}

/** SELECT * would also project the helper variables: list the query's own variables instead. */
function expandWildcard(query: SelectQuery): void {
  const first = query.variables[0] as { termType?: string } | undefined;
  if (first?.termType !== 'Wildcard') return;
  const names = [...collectVariables({ where: query.where })].filter((name) => !name.startsWith(HIDDEN));
  const parsed = new Parser().parse(`SELECT ${names.map((name) => `?${name}`).join(' ')} WHERE {}`) as SelectQuery;
  query.variables = parsed.variables;
}

/** Names of every variable the query mentions anywhere (projection, patterns, filters, ORDER BY…). */
function collectVariables(node: unknown, names: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) collectVariables(item, names);
  } else if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record.termType === 'Variable' && typeof record.value === 'string') names.add(record.value);
    for (const value of Object.values(record)) collectVariables(value, names);
  }
  return names;
}
