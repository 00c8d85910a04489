import type { PageTexts } from '../page-texts';

const plural = (count: number, one: string, many: string): string => (count === 1 ? one : many);

/** Spanish: every sentence translated, none left in French. */
export const ES_TEXTS: PageTexts = {
  locale: 'es-ES',
  colon: ': ',
  title: (name) => `Dónde encontrar a ${name} en Wikidata: siga la guía`,
  excerpt: (name, works) =>
    `${works} obras de ${name} en Wikidata: tipos, géneros, temas, propiedades, identificadores y galería.`,
  intro: (name) =>
    `En esta entrada analizo la presencia de las obras de ${name} en Wikidata y la manera en que están descritas.`,
  born: (year) => `nacimiento en ${year}`,
  died: (year) => `fallecimiento en ${year}`,
  nationality: (values) => `Nacionalidad: ${values}.`,
  movement: (values) => `Movimiento: ${values}.`,
  portraitCaption: (name) => `Retrato de ${name} (Wikimedia Commons)`,
  queryLink: 'ver la consulta',

  worksHeading: (name) => `Las obras de ${name} en Wikidata`,
  worksCount: (count, n, name) =>
    `Wikidata describe ${count} ${plural(n, 'obra', 'obras')} cuyo creador (propiedad P170) es ${name}.`,
  worksWithImage: (count, n) =>
    `${count} de ellas ${plural(n, 'tiene', 'tienen')} una imagen (P18) o una representación digital (P7420).`,

  typesHeading: 'Tipos de obras',
  typesIntro: (threshold) => `Los tipos (P31) compartidos por más de ${threshold} obras:`,
  genresHeading: 'Géneros',
  genresIntro: (threshold) => `Los géneros (P136) compartidos por más de ${threshold} obras:`,
  depictsHeading: 'Temas representados',
  depictsIntro: (threshold) => `Lo que representan (P180) más de ${threshold} obras:`,
  noneShared: (threshold) => `Ningún valor es compartido por más de ${threshold} obras.`,
  works: (count, n) => `${count} ${plural(n, 'obra', 'obras')}`,

  propertiesHeading: 'Propiedades más utilizadas',
  propertiesIntro: 'Las propiedades indicadas en más de la mitad de las obras:',
  propertyColumn: 'Propiedad',
  worksColumn: 'Obras',
  noFrequentProperty: 'Ninguna propiedad está indicada en más de la mitad de las obras.',

  yearsHeading: 'Obras por año',
  yearsText: (dated, n, first, last) =>
    `${dated} ${plural(n, 'obra está fechada', 'obras están fechadas')} (fecha de creación P571 o de publicación P577), de ${first} a ${last}.`,
  noYears: 'Ninguna obra está fechada (fecha de creación P571 o de publicación P577).',
  barChartLink: 'Ver el diagrama de barras',

  wikipediaHeading: 'Artículos de Wikipedia',
  wikipediaText: (name, total, { es, fr, en }) =>
    `Las obras de ${name} son objeto de ${total} artículos en Wikipedia, ${es} de ellos en español, ${fr} en francés y ${en} en inglés.`,

  identifiersHeading: (name) => `Identificadores de ${name}`,
  identifiersIntro: (name) => `${name} en otras bases de datos:`,
  databaseColumn: 'Base de datos',
  identifierColumn: 'Identificador',
  allIdentifiers: 'Todos los identificadores en Wikidata',
  noIdentifiers: (name) => `Wikidata no enlaza a ${name} con ninguna otra base de datos.`,

  galleryHeading: 'Galería',
  galleryText: (name, count, n, link) => `Vea ${count} ${plural(n, 'obra', 'obras')} de ${name} en ${link}.`,
  galleryLinkText: (name) => `la galería dedicada a ${name}`,
  commonsSample: (name) => `Algunas obras de ${name} en Wikimedia Commons:`,
  noImages: (name) => `No hay ninguna imagen de pintura de ${name} disponible en Wikimedia Commons.`,

  footer: (date) =>
    `Página generada el ${date} a partir de Wikidata. Cada cifra enlaza con la consulta SPARQL que la calcula en el servicio de consultas de Wikidata (Wikidata Query Service).`,
};
