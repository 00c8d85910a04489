import { RawEntity, RawSnak } from './wbgetentities.types';
import { WikidataClaim, WikidataEntity, WikidataValue } from './wikidata.types';

/** Turns one wbgetentities entity into the client's simplified shape. */
export function simplifyEntity(raw: RawEntity): WikidataEntity {
  const claims: Record<string, WikidataClaim[]> = {};
  for (const [property, statements] of Object.entries(raw.claims ?? {})) {
    claims[property] = statements.map((statement) => ({
      property,
      datatype: statement.mainsnak.datatype ?? 'unknown',
      rank: statement.rank ?? 'normal',
      value: simplifySnak(statement.mainsnak),
      qualifiers: Object.fromEntries(
        Object.entries(statement.qualifiers ?? {}).map(([qualifier, snaks]) => [qualifier, snaks.map(simplifySnak)]),
      ),
    }));
  }
  return {
    id: raw.id,
    type: raw.type ?? 'item',
    datatype: raw.datatype ?? null,
    labels: mapValues(raw.labels ?? {}, (label) => label.value),
    descriptions: mapValues(raw.descriptions ?? {}, (description) => description.value),
    aliases: mapValues(raw.aliases ?? {}, (aliases) => aliases.map((alias) => alias.value)),
    claims,
    sitelinks: mapValues(raw.sitelinks ?? {}, (sitelink) => ({
      site: sitelink.site,
      title: sitelink.title,
      url: sitelink.url ?? null,
    })),
  };
}

/** The value of one snak, typed by its datavalue type (and datatype for strings). */
export function simplifySnak(snak: RawSnak): WikidataValue {
  if (snak.snaktype === 'somevalue') return { type: 'somevalue' };
  if (snak.snaktype === 'novalue') return { type: 'novalue' };
  const datatype = snak.datatype ?? 'unknown';
  const datavalue = snak.datavalue;
  if (!datavalue) return { type: 'unsupported', datatype };
  const value = datavalue.value;
  switch (datavalue.type) {
    case 'wikibase-entityid': {
      const entity = value as { id?: string; 'numeric-id'?: number; 'entity-type'?: string };
      const prefix = entity['entity-type'] === 'property' ? 'P' : entity['entity-type'] === 'lexeme' ? 'L' : 'Q';
      return { type: 'entity', id: entity.id ?? `${prefix}${entity['numeric-id'] ?? ''}` };
    }
    case 'time': {
      const time = value as { time: string; precision: number; calendarmodel: string };
      return {
        type: 'time',
        time: time.time,
        precision: time.precision,
        year: yearOf(time.time),
        calendar: time.calendarmodel,
      };
    }
    case 'string':
      if (datatype === 'external-id' || datatype === 'url' || datatype === 'commonsMedia') {
        return { type: datatype, value: value as string };
      }
      return { type: 'string', value: value as string };
    case 'monolingualtext': {
      const text = value as { text: string; language: string };
      return { type: 'monolingualtext', text: text.text, language: text.language };
    }
    case 'quantity': {
      const quantity = value as { amount: string; unit: string };
      return { type: 'quantity', amount: Number(quantity.amount), unit: quantity.unit === '1' ? null : quantity.unit };
    }
    case 'globecoordinate': {
      const coordinate = value as { latitude: number; longitude: number };
      return { type: 'globecoordinate', latitude: coordinate.latitude, longitude: coordinate.longitude };
    }
    default:
      return { type: 'unsupported', datatype };
  }
}

/** 1840 from "+1840-11-14T00:00:00Z", -500 from "-0500-00-00T00:00:00Z". */
export function yearOf(time: string): number | null {
  const match = /^([+-]?)(\d+)-/.exec(time);
  if (!match) return null;
  const year = Number(match[2]);
  return match[1] === '-' ? -year : year;
}

function mapValues<T, U>(record: Record<string, T>, transform: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, transform(value)]));
}
