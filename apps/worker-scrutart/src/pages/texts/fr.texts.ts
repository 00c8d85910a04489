import type { PageTexts } from '../page-texts';

const plural = (count: number, one: string, many: string): string => (count === 1 ? one : many);

/** French: the Scrutart site's own language. */
export const FR_TEXTS: PageTexts = {
  locale: 'fr-FR',
  colon: '\u00a0: ',
  title: (name) => `Où trouver ${name} dans Wikidata, suivez le guide`,
  excerpt: (name, works) =>
    `${works} œuvres de ${name} dans Wikidata : types, genres, sujets, propriétés, identifiants et galerie.`,
  intro: (name) =>
    `Dans ce billet, j'analyse la présence des œuvres de ${name} dans Wikidata et la façon dont elles y sont décrites.`,
  born: (year) => `naissance en ${year}`,
  died: (year) => `décès en ${year}`,
  nationality: (values) => `Nationalité : ${values}.`,
  movement: (values) => `Mouvement : ${values}.`,
  portraitCaption: (name) => `Portrait de ${name} (Wikimedia Commons)`,
  queryLink: 'voir la requête',

  worksHeading: (name) => `Les œuvres de ${name} dans Wikidata`,
  worksCount: (count, n, name) =>
    `Wikidata décrit ${count} ${plural(n, 'œuvre', 'œuvres')} dont ${name} est le créateur (propriété P170).`,
  worksWithImage: (count, n) =>
    `${count} ${plural(n, "d'entre elles a", "d'entre elles ont")} une image (P18) ou une représentation numérique (P7420).`,

  typesHeading: "Types d'œuvres",
  typesIntro: (threshold) => `Les types (P31) partagés par plus de ${threshold} œuvres :`,
  genresHeading: 'Genres',
  genresIntro: (threshold) => `Les genres (P136) partagés par plus de ${threshold} œuvres :`,
  depictsHeading: 'Sujets représentés',
  depictsIntro: (threshold) => `Ce que représentent (P180) plus de ${threshold} œuvres :`,
  noneShared: (threshold) => `Aucune valeur n'est partagée par plus de ${threshold} œuvres.`,
  works: (count, n) => `${count} ${plural(n, 'œuvre', 'œuvres')}`,

  propertiesHeading: 'Propriétés les plus utilisées',
  propertiesIntro: 'Les propriétés renseignées sur plus de la moitié des œuvres :',
  propertyColumn: 'Propriété',
  worksColumn: 'Œuvres',
  noFrequentProperty: "Aucune propriété n'est renseignée sur plus de la moitié des œuvres.",

  yearsHeading: 'Œuvres par année',
  yearsText: (dated, n, first, last) =>
    `${dated} ${plural(n, 'œuvre est datée', 'œuvres sont datées')} (date de création P571 ou de publication P577), de ${first} à ${last}.`,
  noYears: "Aucune œuvre n'est datée (date de création P571 ou de publication P577).",
  barChartLink: 'Voir le diagramme en barres',

  wikipediaHeading: 'Articles Wikipédia',
  wikipediaText: (name, total, { fr, en, es }) =>
    `Les œuvres de ${name} font l'objet de ${total} articles dans Wikipédia, dont ${fr} en français, ${en} en anglais et ${es} en espagnol.`,

  identifiersHeading: (name) => `Identifiants de ${name}`,
  identifiersIntro: (name) => `${name} dans d'autres bases de données :`,
  databaseColumn: 'Base',
  identifierColumn: 'Identifiant',
  allIdentifiers: 'Tous les identifiants sur Wikidata',
  noIdentifiers: (name) => `Wikidata ne relie ${name} à aucune autre base de données.`,

  galleryHeading: 'Galerie',
  galleryText: (name, count, n, link) => `Retrouvez ${count} ${plural(n, 'œuvre', 'œuvres')} de ${name} dans ${link}.`,
  galleryLinkText: (name) => `la galerie consacrée à ${name}`,
  commonsSample: (name) => `Quelques œuvres de ${name} sur Wikimedia Commons :`,
  noImages: (name) => `Aucune image de peinture de ${name} n'est disponible sur Wikimedia Commons.`,

  footer: (date) =>
    `Page générée le ${date} à partir de Wikidata. Chaque chiffre renvoie à la requête SPARQL qui le calcule sur le service de requêtes de Wikidata (Wikidata Query Service).`,
};
