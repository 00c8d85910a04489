import { CommonsClient } from '@relais/integrations';
import type { WikidataClient } from '@relais/integrations';
import type { SparqlSelectResult, WikidataClaim, WikidataEntity, WikidataValue } from '@relais/integrations';
import { ArtistKnowledge } from './artist-knowledge';
import { NotAnArtistOnWikidata } from './not-an-artist.error';
import { NotFoundOnWikidata } from './not-found-on-wikidata.error';

const claim = (
  property: string,
  datatype: string,
  value: WikidataValue,
  rank: WikidataClaim['rank'] = 'normal',
): WikidataClaim => ({
  property,
  datatype,
  rank,
  value,
  qualifiers: {},
});
const item = (id: string): WikidataValue => ({ type: 'entity', id });
const externalId = (value: string): WikidataValue => ({ type: 'external-id', value });

function entity(id: string, fields: Partial<WikidataEntity> = {}): WikidataEntity {
  return {
    id,
    type: 'item',
    datatype: null,
    labels: {},
    descriptions: {},
    aliases: {},
    claims: {},
    sitelinks: {},
    ...fields,
  };
}

const property = (id: string, label: string, formatter?: string): WikidataEntity =>
  entity(id, {
    type: 'property',
    datatype: 'external-id',
    labels: { en: label },
    claims: formatter ? { P1630: [claim('P1630', 'string', { type: 'string', value: formatter })] } : {},
  });

/** A WikidataClient answering from a fixed set of entities and one count for every SPARQL query. */
function stubWikidata(entities: WikidataEntity[], works: number): WikidataClient {
  const byId = new Map(entities.map((known) => [known.id, known]));
  const stub = {
    getEntity: (id: string) => Promise.resolve(byId.get(id) ?? null),
    getEntities: (ids: string[]) =>
      Promise.resolve({
        entities: Object.fromEntries(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id)!]] : []))),
        missing: ids.filter((id) => !byId.has(id)),
      }),
    sparqlSelect: (): Promise<SparqlSelectResult> =>
      Promise.resolve({ vars: ['works'], rows: [{ works: { type: 'literal', value: String(works) } }] }),
    queryLink: (query: string) => `https://query.example/#${encodeURIComponent(query)}`,
  };
  return stub as unknown as WikidataClient;
}

const commons = new CommonsClient({
  fileUrl: 'https://commons.example/wiki/Special:FilePath/',
  userAgent: 'test',
  timeoutMs: 1000,
  maxRetries: 0,
});

const painter = entity('Q1', {
  labels: { fr: 'Berthe Morisot', en: 'Berthe Morisot' },
  descriptions: { fr: 'peintre française', en: 'French painter' },
  claims: {
    P31: [claim('P31', 'wikibase-item', item('Q5'))],
    P569: [
      claim('P569', 'time', { type: 'time', time: '+1841-01-14T00:00:00Z', precision: 11, year: 1841, calendar: '' }),
    ],
    P27: [claim('P27', 'wikibase-item', item('Q142'))],
    P18: [claim('P18', 'commonsMedia', { type: 'commonsMedia', value: 'Berthe Morisot 1875.jpg' })],
    P9999: [claim('P9999', 'external-id', externalId('later'))],
    P268: [claim('P268', 'external-id', externalId('12345/x y'))],
    P214: [
      claim('P214', 'external-id', externalId('111')),
      claim('P214', 'external-id', externalId('999'), 'deprecated'),
    ],
    P373: [claim('P373', 'string', { type: 'string', value: 'Berthe Morisot' })],
    P1: [claim('P1', 'external-id', externalId('no-formatter'))],
  },
  sitelinks: {
    frwiki: { site: 'frwiki', title: 'Berthe Morisot', url: 'https://fr.wikipedia.org/wiki/Berthe_Morisot' },
  },
});

describe('ArtistKnowledge', () => {
  const knowledge = (works = 3): ArtistKnowledge =>
    new ArtistKnowledge(
      stubWikidata(
        [
          painter,
          entity('Q142', { labels: { fr: 'France', es: 'Francia' } }),
          entity('Q2', { labels: { en: 'Paris' } }),
          property('P214', 'VIAF ID', 'https://viaf.org/viaf/$1/'),
          property('P268', 'BnF ID', 'https://catalogue.bnf.fr/ark:/12148/cb$1'),
          property('P9999', 'Later ID', 'https://later.example/$1'),
          property('P1', 'No formatter'),
        ],
        works,
      ),
      commons,
    );

  it('lists the identifiers that have a formatter URL as links, the best known first, deprecated ones left out', async () => {
    const facts = await knowledge().facts('Q1');

    expect(facts.identifiers.map((identifier) => [identifier.property, identifier.value, identifier.url])).toEqual([
      ['P214', '111', 'https://viaf.org/viaf/111/'],
      ['P268', '12345/x y', 'https://catalogue.bnf.fr/ark:/12148/cb12345/x%20y'],
      ['P9999', 'later', 'https://later.example/later'],
    ]);
    expect(facts).toMatchObject({
      name: 'Berthe Morisot',
      birthYear: 1841,
      deathYear: null,
      nationalities: [{ qid: 'Q142', labels: { fr: 'France', es: 'Francia' } }],
      movements: [],
      image: {
        file: 'Berthe_Morisot_1875.jpg',
        url: 'https://commons.example/wiki/Special:FilePath/Berthe_Morisot_1875.jpg',
      },
      wikipedia: { fr: 'https://fr.wikipedia.org/wiki/Berthe_Morisot' },
      wikidataUrl: 'https://www.wikidata.org/wiki/Q1',
    });
  });

  it('previews the artist in a language, falling back to English and never to another language', async () => {
    expect(await knowledge().preview('Q1', 'es')).toEqual({
      qid: 'Q1',
      name: 'Berthe Morisot',
      description: 'French painter',
      birth_year: 1841,
      death_year: null,
      nationality: 'Francia',
      movement: null,
      image: 'https://commons.example/wiki/Special:FilePath/Berthe_Morisot_1875.jpg',
    });
  });

  it('checks eligibility: exists, is a human, has works', async () => {
    await expect(knowledge().checkEligibility('Q1')).resolves.toEqual({
      qid: 'Q1',
      name: 'Berthe Morisot',
      worksCount: 3,
    });
    await expect(knowledge().checkEligibility('Q404')).rejects.toThrow(new NotFoundOnWikidata('Q404'));
    await expect(knowledge().checkEligibility('Q2')).rejects.toBeInstanceOf(NotAnArtistOnWikidata);
    await expect(knowledge(0).checkEligibility('Q1')).rejects.toThrow(
      'Q1 is not an artist Scrutart can describe: no work on Wikidata has Q1 as creator (P170)',
    );
    expect(new NotFoundOnWikidata('Q404')).toMatchObject({ message: 'Q404 not found on Wikidata', retryable: false });
  });
});
