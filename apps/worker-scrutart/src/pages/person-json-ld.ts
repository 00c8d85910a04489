import { descriptionFor, labelFor, type ArtistFacts } from '@relais/domains/scrutart/knowledge';

/** schema.org Person for search engines, in one page language. */
export interface PersonJsonLd {
  '@context': 'https://schema.org';
  '@type': 'Person';
  '@id': string;
  name: string;
  description?: string;
  birthDate?: string;
  deathDate?: string;
  nationality?: { '@type': 'Country'; name: string }[];
  image?: string;
  sameAs: string[];
}

/** The artist as a schema.org Person: names in `language`, identifiers and Wikipedia as sameAs links. */
export function personJsonLd(facts: ArtistFacts, language: string): PersonJsonLd {
  const person: PersonJsonLd = {
    '@context': 'https://schema.org',
    '@type': 'Person',
    '@id': `http://www.wikidata.org/entity/${facts.qid}`,
    name: labelFor(facts.labels, language, facts.qid),
    sameAs: [facts.wikidataUrl, ...Object.values(facts.wikipedia), ...facts.identifiers.map((id) => id.url)],
  };
  const description = descriptionFor(facts.descriptions, language);
  if (description) person.description = description;
  if (facts.birthYear !== null) person.birthDate = String(facts.birthYear);
  if (facts.deathYear !== null) person.deathDate = String(facts.deathYear);
  if (facts.nationalities.length > 0) {
    person.nationality = facts.nationalities.map((country) => ({
      '@type': 'Country',
      name: labelFor(country.labels, language, country.qid),
    }));
  }
  if (facts.image) person.image = facts.image.url;
  return person;
}

/** The JSON-LD as a script element; `<` is escaped so no value can close the script early. */
export function jsonLdScript(value: object): string {
  return `<script type="application/ld+json">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`;
}
