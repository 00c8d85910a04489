/*
 * The SPARQL behind every figure of a Scrutart page. Each query is shown to readers through its Query Service
 * link, so it is written to be read: the WDQS prefixes it uses are declared (WDQS predefines them, other
 * endpoints do not), aggregates are computed in a subquery and labels added afterwards by the label service, as
 * WDQS recommends.
 */

/** Works sharing a value must be more than this many for the value to be listed (types, genres, depicted). */
export const RANKED_MIN_WORKS = 8;

/** Q3305213, painting: the works whose images go to the gallery. */
export const PAINTING_QID = 'Q3305213';

const PREFIXES: Record<string, string> = {
  wd: 'http://www.wikidata.org/entity/',
  wdt: 'http://www.wikidata.org/prop/direct/',
  wikibase: 'http://wikiba.se/ontology#',
  bd: 'http://www.bigdata.com/rdf#',
  schema: 'http://schema.org/',
};

/** Properties of the works whose values are ranked on the page. */
export type RankedProperty = 'P31' | 'P136' | 'P180';

function checked(qid: string): string {
  if (!/^Q[1-9]\d*$/.test(qid)) throw new RangeError(`"${qid}" is not a Wikidata item id`);
  return qid;
}

/** The query with the PREFIX lines of the prefixes it uses. */
function withPrefixes(body: string): string {
  const used = Object.keys(PREFIXES).filter((prefix) => new RegExp(`\\b${prefix}:`).test(body));
  return [...used.map((prefix) => `PREFIX ${prefix}: <${PREFIXES[prefix]}>`), body.trim()].join('\n');
}

/** The label service clause for a page language (mul holds names shared by every language, then English). */
function labelService(language: string): string {
  if (!/^[a-z]{2,3}$/.test(language)) throw new RangeError(`"${language}" is not a language code`);
  return `SERVICE wikibase:label { bd:serviceParam wikibase:language "${language},mul,en". }`;
}

/** The SPARQL queries of an artist's statistics, images and eligibility. */
export const artistQueries = {
  /** ?works: how many items have the artist as creator (P170). */
  worksCount(qid: string): string {
    return withPrefixes(`
SELECT (COUNT(DISTINCT ?work) AS ?works) WHERE {
  ?work wdt:P170 wd:${checked(qid)} .
}`);
  },

  /** ?value ?valueLabel ?works: values of `property` on the works shared by more than RANKED_MIN_WORKS works. */
  rankedValues(qid: string, property: RankedProperty, language: string): string {
    return withPrefixes(`
SELECT ?value ?valueLabel ?works WHERE {
  {
    SELECT ?value (COUNT(DISTINCT ?work) AS ?works) WHERE {
      ?work wdt:P170 wd:${checked(qid)} ;
            wdt:${property} ?value .
      FILTER(isIRI(?value))
    }
    GROUP BY ?value
    HAVING (COUNT(DISTINCT ?work) > ${RANKED_MIN_WORKS})
  }
  ${labelService(language)}
}
ORDER BY DESC(?works) ?value`);
  },

  /** ?direct ?property ?propertyLabel ?works: properties stated on more than half of the works. */
  frequentProperties(qid: string, language: string): string {
    const artist = checked(qid);
    return withPrefixes(`
SELECT ?direct ?property ?propertyLabel ?works WHERE {
  {
    SELECT (COUNT(DISTINCT ?work) AS ?total) WHERE {
      ?work wdt:P170 wd:${artist} .
    }
  }
  {
    SELECT ?direct (COUNT(DISTINCT ?work) AS ?works) WHERE {
      ?work wdt:P170 wd:${artist} ;
            ?direct ?value .
      FILTER(STRSTARTS(STR(?direct), "http://www.wikidata.org/prop/direct/"))
    }
    GROUP BY ?direct
  }
  FILTER(?works * 2 > ?total)
  OPTIONAL { ?property wikibase:directClaim ?direct . }
  ${labelService(language)}
}
ORDER BY DESC(?works) ?direct`);
  },

  /** ?year ?works: works per year of inception (P571), or of publication (P577) when that is all there is. */
  worksPerYear(qid: string): string {
    return withPrefixes(`
SELECT (STR(?y) AS ?year) (COUNT(?work) AS ?works) WHERE {
  {
    SELECT ?work (MIN(YEAR(?date)) AS ?y) WHERE {
      ?work wdt:P170 wd:${checked(qid)} .
      { ?work wdt:P571 ?date . } UNION { ?work wdt:P577 ?date . }
      FILTER(isLiteral(?date))
    }
    GROUP BY ?work
  }
}
GROUP BY ?y
ORDER BY ?y`);
  },

  /** ?articles: Wikipedia articles about the works, in every language or in one (`fr`, `en`). */
  wikipediaArticles(qid: string, language?: string): string {
    if (language !== undefined && !/^[a-z]{2,3}$/.test(language)) {
      throw new RangeError(`"${language}" is not a language code`);
    }
    const filter = language
      ? `FILTER(STRSTARTS(STR(?article), "https://${language}.wikipedia.org/"))`
      : 'FILTER(CONTAINS(STR(?article), ".wikipedia.org/"))';
    return withPrefixes(`
SELECT (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  ?work wdt:P170 wd:${checked(qid)} .
  ?article schema:about ?work .
  ${filter}
}`);
  },

  /** ?works: works with an image (P18) or a digital representation of the work (P7420). */
  worksWithImage(qid: string): string {
    return withPrefixes(`
SELECT (COUNT(DISTINCT ?work) AS ?works) WHERE {
  ?work wdt:P170 wd:${checked(qid)} .
  { ?work wdt:P18 ?image . } UNION { ?work wdt:P7420 ?image . }
}`);
  },

  /** ?work ?workLabel ?image: up to `limit` paintings of the artist that have an image (P18), by item id. */
  paintingImages(qid: string, limit: number, language: string): string {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer (got ${limit})`);
    return withPrefixes(`
SELECT ?work ?workLabel ?image WHERE {
  {
    SELECT ?work (MIN(STR(?file)) AS ?image) WHERE {
      ?work wdt:P170 wd:${checked(qid)} ;
            wdt:P31/wdt:P279* wd:${PAINTING_QID} ;
            wdt:P18 ?file .
    }
    GROUP BY ?work
    ORDER BY ?work
    LIMIT ${limit}
  }
  ${labelService(language)}
}
ORDER BY ?work`);
  },
};
