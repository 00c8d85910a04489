import type { PageTexts } from '../page-texts';

const plural = (count: number, one: string, many: string): string => (count === 1 ? one : many);

/** English. */
export const EN_TEXTS: PageTexts = {
  locale: 'en-GB',
  colon: ': ',
  title: (name) => `Where to find ${name} in Wikidata, follow the guide`,
  excerpt: (name, works) =>
    `${works} works by ${name} in Wikidata: types, genres, subjects, properties, identifiers and gallery.`,
  intro: (name) =>
    `In this post, I look at how the works of ${name} are present in Wikidata and how they are described there.`,
  born: (year) => `born ${year}`,
  died: (year) => `died ${year}`,
  nationality: (values) => `Nationality: ${values}.`,
  movement: (values) => `Movement: ${values}.`,
  portraitCaption: (name) => `Portrait of ${name} (Wikimedia Commons)`,
  queryLink: 'see the query',

  worksHeading: (name) => `The works of ${name} in Wikidata`,
  worksCount: (count, n, name) =>
    `Wikidata describes ${count} ${plural(n, 'work', 'works')} whose creator (property P170) is ${name}.`,
  worksWithImage: (count, n) =>
    `${count} of them ${plural(n, 'has', 'have')} an image (P18) or a digital representation (P7420).`,

  typesHeading: 'Types of works',
  typesIntro: (threshold) => `Types (P31) shared by more than ${threshold} works:`,
  genresHeading: 'Genres',
  genresIntro: (threshold) => `Genres (P136) shared by more than ${threshold} works:`,
  depictsHeading: 'Depicted subjects',
  depictsIntro: (threshold) => `What more than ${threshold} works depict (P180):`,
  noneShared: (threshold) => `No value is shared by more than ${threshold} works.`,
  works: (count, n) => `${count} ${plural(n, 'work', 'works')}`,

  propertiesHeading: 'Most used properties',
  propertiesIntro: 'Properties stated on more than half of the works:',
  propertyColumn: 'Property',
  worksColumn: 'Works',
  noFrequentProperty: 'No property is stated on more than half of the works.',

  yearsHeading: 'Works per year',
  yearsText: (dated, n, first, last) =>
    `${dated} ${plural(n, 'work is', 'works are')} dated (inception P571 or publication date P577), from ${first} to ${last}.`,
  noYears: 'No work is dated (inception P571 or publication date P577).',
  barChartLink: 'See the bar chart',

  wikipediaHeading: 'Wikipedia articles',
  wikipediaText: (name, total, { en, fr, es }) =>
    `The works of ${name} are the subject of ${total} Wikipedia articles, ${en} of them in English, ${fr} in French and ${es} in Spanish.`,

  identifiersHeading: (name) => `Identifiers of ${name}`,
  identifiersIntro: (name) => `${name} in other databases:`,
  databaseColumn: 'Database',
  identifierColumn: 'Identifier',
  allIdentifiers: 'All identifiers on Wikidata',
  noIdentifiers: (name) => `Wikidata links ${name} to no other database.`,

  galleryHeading: 'Gallery',
  galleryText: (name, count, n, link) => `See ${count} ${plural(n, 'work', 'works')} by ${name} in ${link}.`,
  galleryLinkText: (name) => `the gallery devoted to ${name}`,
  commonsSample: (name) => `Some works by ${name} on Wikimedia Commons:`,
  noImages: (name) => `No image of a painting by ${name} is available on Wikimedia Commons.`,

  footer: (date) =>
    `Page generated on ${date} from Wikidata. Each figure links to the SPARQL query that computes it on the Wikidata Query Service.`,
};
