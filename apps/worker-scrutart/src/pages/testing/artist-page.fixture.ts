import type { ScrutartLanguage } from '@relais/domains/scrutart/contracts';
import type { ArtistFacts, WorkStatistics } from '@relais/domains/scrutart/knowledge';
import type { ArtistPageInput } from '../artist-page.builder';

const source = (name: string): { query: string; link: string } => ({
  query: `SELECT * WHERE { } # ${name}`,
  link: `https://query.wikidata.org/#${name}`,
});

/** A painter described the way ArtistKnowledge returns one (hand-written, shaped after Claude Monet). */
export function artistPageInput(
  language: ScrutartLanguage = 'fr',
  overrides: Partial<ArtistPageInput> = {},
): ArtistPageInput {
  const facts: ArtistFacts = {
    qid: 'Q296',
    name: 'Claude Monet',
    labels: { fr: 'Claude Monet', en: 'Claude Monet', es: 'Claude Monet' },
    descriptions: {
      fr: 'peintre impressionniste français',
      en: 'French impressionist painter (1840–1926)',
      es: 'pintor impresionista francés',
    },
    birthYear: 1840,
    deathYear: 1926,
    nationalities: [{ qid: 'Q142', labels: { fr: 'France', en: 'France', es: 'Francia' } }],
    movements: [{ qid: 'Q40415', labels: { fr: 'impressionnisme', en: 'Impressionism', es: 'impresionismo' } }],
    image: {
      file: 'Claude_Monet_1899_Nadar_crop.jpg',
      url: 'https://commons.example/FilePath/Claude_Monet_1899_Nadar_crop.jpg',
    },
    identifiers: [
      {
        property: 'P214',
        labels: { fr: 'identifiant VIAF', en: 'VIAF ID', es: 'identificador VIAF' },
        value: '24604287',
        url: 'https://viaf.org/viaf/24604287',
      },
      {
        property: 'P268',
        labels: { fr: 'identifiant BnF', en: 'Bibliothèque nationale de France ID', es: 'identificador BnF' },
        value: '11916181t',
        url: 'https://catalogue.bnf.fr/ark:/12148/cb11916181t',
      },
    ],
    wikipedia: { fr: 'https://fr.wikipedia.org/wiki/Claude_Monet', en: 'https://en.wikipedia.org/wiki/Claude_Monet' },
    wikidataUrl: 'https://www.wikidata.org/wiki/Q296',
  };
  const statistics = (): WorkStatistics => {
    const names = {
      painting: { fr: 'peinture', en: 'painting', es: 'pintura' },
      landscape: { fr: 'paysage', en: 'landscape art', es: 'paisaje' },
      water: { fr: 'eau', en: 'water', es: 'agua' },
      creator: { fr: 'créateur ou créatrice', en: 'creator', es: 'creador' },
    };
    return {
      language,
      works: { value: 2100, ...source('works') },
      types: { items: [{ qid: 'Q3305213', label: names.painting[language], works: 2000 }], ...source('types') },
      genres: { items: [{ qid: 'Q191163', label: names.landscape[language], works: 900 }], ...source('genres') },
      depicts: { items: [{ qid: 'Q283', label: names.water[language], works: 300 }], ...source('depicts') },
      frequentProperties: {
        items: [{ property: 'P170', label: names.creator[language], works: 2100 }],
        ...source('properties'),
      },
      worksPerYear: {
        years: [
          { year: 1858, works: 2 },
          { year: 1926, works: 5 },
        ],
        chartLink: 'https://query.wikidata.org/#defaultView%3ABarChart',
        ...source('years'),
      },
      wikipediaArticles: {
        total: { value: 450, ...source('wikipedia-all') },
        fr: { value: 120, ...source('wikipedia-fr') },
        en: { value: 110, ...source('wikipedia-en') },
        es: { value: 95, ...source('wikipedia-es') },
      },
      worksWithImage: { value: 1500, ...source('with-image') },
    };
  };
  return {
    facts,
    statistics: statistics(),
    images: [
      {
        workQid: 'Q1',
        title: { fr: 'Impression, soleil levant', en: 'Impression, Sunrise', es: 'Impresión, sol naciente' }[language],
        file: 'Impression.jpg',
        url: 'https://commons.example/FilePath/Impression.jpg',
      },
      {
        workQid: 'Q2',
        title: { fr: 'Les Nymphéas', en: 'Water Lilies', es: 'Nenúfares' }[language],
        file: 'Nympheas.jpg',
        url: 'https://commons.example/FilePath/Nympheas.jpg',
      },
    ],
    gallery: { url: 'https://gallery.example/index.php?/category/7', imageCount: 2 },
    generatedAt: new Date('2024-08-30T12:00:00Z'),
    ...overrides,
  };
}
