import { Parser } from 'sparqljs';
import { artistQueries } from './artist-queries';

describe('artistQueries', () => {
  const queries: Record<string, string> = {
    worksCount: artistQueries.worksCount('Q296'),
    types: artistQueries.rankedValues('Q296', 'P31', 'fr'),
    genres: artistQueries.rankedValues('Q296', 'P136', 'en'),
    depicts: artistQueries.rankedValues('Q296', 'P180', 'es'),
    frequentProperties: artistQueries.frequentProperties('Q296', 'fr'),
    worksPerYear: artistQueries.worksPerYear('Q296'),
    wikipediaAll: artistQueries.wikipediaArticles('Q296'),
    wikipediaFr: artistQueries.wikipediaArticles('Q296', 'fr'),
    worksWithImage: artistQueries.worksWithImage('Q296'),
    paintingImages: artistQueries.paintingImages('Q296', 50, 'fr'),
  };

  it.each(Object.keys(queries))('%s is a valid SPARQL SELECT query', (name) => {
    const parsed = new Parser().parse(queries[name]);
    expect(parsed).toMatchObject({ type: 'query', queryType: 'SELECT' });
  });

  it('asks the label service the way WDQS expects, in the page language first', () => {
    expect(queries.types).toContain('SERVICE wikibase:label { bd:serviceParam wikibase:language "fr,mul,en". }');
    expect(queries.genres).toContain('wikibase:language "en,mul,en"');
    expect(queries.types).toContain('PREFIX bd: <http://www.bigdata.com/rdf#>');
    expect(queries.worksCount).not.toContain('PREFIX bd:');
  });

  it('lists only values shared by more than 8 works and properties used on more than half of them', () => {
    expect(queries.depicts).toContain('HAVING (COUNT(DISTINCT ?work) > 8)');
    expect(queries.frequentProperties).toContain('FILTER(?works * 2 > ?total)');
  });

  it('refuses anything but an item id, a language code and a positive limit', () => {
    expect(() => artistQueries.worksCount('Q296 } DROP ALL {')).toThrow(RangeError);
    expect(() => artistQueries.rankedValues('Q296', 'P31', 'fr" } #')).toThrow(RangeError);
    expect(() => artistQueries.paintingImages('Q296', 0, 'fr')).toThrow(RangeError);
  });
});
