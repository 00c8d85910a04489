/**
 * Every sentence of an artist page in one language. Arguments named `*Html` are HTML fragments already escaped
 * (names, links); numbers arrive formatted for the language. Each language's file fills every entry, so a page
 * in one language never borrows a sentence from another.
 */
export interface PageTexts {
  /** BCP 47 locale for numbers and dates. */
  locale: string;
  /** The colon with the spacing the language's typography wants before a value (" : " in French). */
  colon: string;
  title(name: string): string;
  excerpt(name: string, works: string): string;
  intro(nameHtml: string): string;
  born(year: string): string;
  died(year: string): string;
  nationality(valuesHtml: string): string;
  movement(valuesHtml: string): string;
  portraitCaption(name: string): string;
  /** Text of the link to a figure's SPARQL query. */
  queryLink: string;

  worksHeading(nameHtml: string): string;
  worksCount(countHtml: string, count: number, nameHtml: string): string;
  worksWithImage(countHtml: string, count: number): string;

  typesHeading: string;
  typesIntro(threshold: number): string;
  genresHeading: string;
  genresIntro(threshold: number): string;
  depictsHeading: string;
  depictsIntro(threshold: number): string;
  noneShared(threshold: number): string;
  /** "12 works" in a list item. */
  works(countText: string, count: number): string;

  propertiesHeading: string;
  propertiesIntro: string;
  propertyColumn: string;
  worksColumn: string;
  noFrequentProperty: string;

  yearsHeading: string;
  yearsText(datedHtml: string, dated: number, first: string, last: string): string;
  noYears: string;
  barChartLink: string;

  wikipediaHeading: string;
  /** The article counts: every Wikipedia, then the page's own language first and the other two. */
  wikipediaText(nameHtml: string, totalHtml: string, byLanguage: { fr: string; en: string; es: string }): string;

  identifiersHeading(nameHtml: string): string;
  identifiersIntro(nameHtml: string): string;
  databaseColumn: string;
  identifierColumn: string;
  allIdentifiers: string;
  noIdentifiers(nameHtml: string): string;

  galleryHeading: string;
  galleryText(nameHtml: string, countHtml: string, count: number, galleryLinkText: string): string;
  galleryLinkText(name: string): string;
  commonsSample(nameHtml: string): string;
  noImages(nameHtml: string): string;

  footer(date: string): string;
}
