/** An item named in several languages (a nationality, a movement, a genre…). */
export interface LabelledItem {
  qid: string;
  /** Label per language, with the fallbacks of `labelFor` already applied. */
  labels: Record<string, string>;
}

/** An external identifier of the artist (VIAF, ISNI, BnF…) with the link its formatter URL (P1630) gives. */
export interface ArtistIdentifier {
  /** The property, e.g. P214. */
  property: string;
  /** The property's label per language (e.g. "VIAF ID"). */
  labels: Record<string, string>;
  value: string;
  url: string;
}

/** What Wikidata says about the artist (step 2 of process-artist). */
export interface ArtistFacts {
  qid: string;
  /** The best name for a language-neutral use (gallery name): French, else English, else any label. */
  name: string;
  labels: Record<string, string>;
  descriptions: Record<string, string>;
  birthYear: number | null;
  deathYear: number | null;
  nationalities: LabelledItem[];
  movements: LabelledItem[];
  /** The artist's portrait (P18): Commons file name and its Special:FilePath URL. */
  image: { file: string; url: string } | null;
  identifiers: ArtistIdentifier[];
  /** Wikipedia article URL per language, when there is one. */
  wikipedia: Record<string, string>;
  /** https://www.wikidata.org/wiki/Q… */
  wikidataUrl: string;
}

/** The seed's artist preview (`GET /api/artist/{qid}/preview`). */
export interface ArtistPreview {
  qid: string;
  name: string;
  description: string | null;
  birth_year: number | null;
  death_year: number | null;
  nationality: string | null;
  movement: string | null;
  /** URL of the artist's portrait on Commons. */
  image: string | null;
}

/** A figure's provenance: the SPARQL that computes it and its link on the Query Service. */
export interface SparqlSource {
  query: string;
  link: string;
}

export interface CountFigure extends SparqlSource {
  value: number;
}

/** Values of a property of the works (types, genres, depicted subjects) with how many works have each. */
export interface RankedFigure extends SparqlSource {
  items: { qid: string; label: string; works: number }[];
}

/** Properties used on more than half of the works. */
export interface PropertyUsageFigure extends SparqlSource {
  items: { property: string; label: string; works: number }[];
}

/** Works per year (inception P571, else publication date P577), with a bar chart on the Query Service. */
export interface YearsFigure extends SparqlSource {
  chartLink: string;
  years: { year: number; works: number }[];
}

/** Statistics about an artist's works on Wikidata (step 3), labels in one language. */
export interface WorkStatistics {
  language: string;
  works: CountFigure;
  /** Only values shared by more than `RANKED_MIN_WORKS` works. */
  types: RankedFigure;
  genres: RankedFigure;
  depicts: RankedFigure;
  frequentProperties: PropertyUsageFigure;
  worksPerYear: YearsFigure;
  /** Articles about the works in every Wikipedia, and in each language a page is written in. */
  wikipediaArticles: { total: CountFigure; fr: CountFigure; en: CountFigure; es: CountFigure };
  worksWithImage: CountFigure;
}

/** A painting of the artist with an image on Commons (step 4). */
export interface ArtworkImage {
  workQid: string;
  title: string;
  /** Commons file name (underscores, no "File:"). */
  file: string;
  /** Special:FilePath URL of the original. */
  url: string;
}

/** The artist passed the eligibility check (step 1). */
export interface ArtistEligibility {
  qid: string;
  name: string;
  worksCount: number;
}
