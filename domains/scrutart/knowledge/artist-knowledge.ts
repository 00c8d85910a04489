import { Injectable } from '@nestjs/common';
import { getMaxListeners, setMaxListeners } from 'node:events';
import { CommonsClient } from '@relais/integrations';
import type { RequestContext } from '@relais/integrations';
import { claimEntityIds, claimStrings, claimYears } from '@relais/integrations';
import { sparqlEntityId, sparqlNumber, sparqlString } from '@relais/integrations';
import { WikidataClient } from '@relais/integrations';
import type { GetEntitiesOptions, WikidataEntity } from '@relais/integrations';
import { artistQueries, type RankedProperty } from './artist-queries';
import type {
  ArtistEligibility,
  ArtistFacts,
  ArtistIdentifier,
  ArtistPreview,
  ArtworkImage,
  CountFigure,
  LabelledItem,
  PropertyUsageFigure,
  RankedFigure,
  WorkStatistics,
  YearsFigure,
} from './artist.types';
import { descriptionFor, firstOf, labelFor, nameFor } from './artist-labels';
import { NotAnArtistOnWikidata } from './not-an-artist.error';
import { NotFoundOnWikidata } from './not-found-on-wikidata.error';

/** Languages fetched for every label: the page languages, then names shared by all languages (mul). */
const LABEL_LANGUAGES = ['fr', 'en', 'es', 'mul'];
const ARTIST_ENTITY: GetEntitiesOptions = {
  languages: LABEL_LANGUAGES,
  props: ['info', 'labels', 'descriptions', 'claims', 'sitelinks/urls'],
};
const HUMAN = 'Q5';
/** Identifiers readers look for first (VIAF, ISNI, BnF, ULAN, Joconde, GND, LoC…); the others follow by id. */
const LEADING_IDENTIFIERS = ['P214', 'P213', 'P268', 'P245', 'P347', 'P227', 'P244', 'P650', 'P1014', 'P2268'];

/**
 * What Scrutart knows about a painter from Wikidata: whether it can write about them, their facts and identifiers,
 * statistics about their works (each with the SPARQL behind it) and images of their paintings. Shared by the
 * Scrutart worker and the gateway's artist preview.
 */
@Injectable()
export class ArtistKnowledge {
  constructor(
    private readonly wikidata: WikidataClient,
    private readonly commons: CommonsClient,
  ) {}

  /**
   * Step 1: the item exists (else NotFoundOnWikidata), is a human (P31 Q5) and the creator (P170) of at least one
   * work (else NotAnArtistOnWikidata).
   */
  async checkEligibility(qid: string, ctx: RequestContext = {}): Promise<ArtistEligibility> {
    const entity = await this.artistEntity(qid, ctx);
    if (!claimEntityIds(entity, 'P31').includes(HUMAN)) {
      throw new NotAnArtistOnWikidata(qid, 'it is not a human (instance of (P31) human (Q5))');
    }
    const worksCount = await this.artworksCount(qid, ctx);
    if (worksCount === 0) throw new NotAnArtistOnWikidata(qid, `no work on Wikidata has ${qid} as creator (P170)`);
    return { qid, name: nameFor(entity.labels, 'fr', qid), worksCount };
  }

  /** How many items have the artist as creator (P170). */
  async artworksCount(qid: string, ctx: RequestContext = {}): Promise<number> {
    const { rows } = await this.wikidata.sparqlSelect(artistQueries.worksCount(qid), {}, ctx);
    const row = rows.at(0);
    return row ? (sparqlNumber(row, 'works') ?? 0) : 0;
  }

  /** The seed's preview card; NotFoundOnWikidata when the item does not exist. */
  async preview(qid: string, language = 'fr', ctx: RequestContext = {}): Promise<ArtistPreview> {
    const entity = await this.artistEntity(qid, ctx);
    const nationality = claimEntityIds(entity, 'P27').at(0);
    const movement = claimEntityIds(entity, 'P135').at(0);
    const labels = await this.labelsOf(
      [nationality, movement].filter((id) => id !== undefined),
      ctx,
    );
    const image = claimStrings(entity, 'P18').at(0);
    return {
      qid,
      name: nameFor(entity.labels, language, qid),
      description: descriptionFor(entity.descriptions, language),
      birth_year: claimYears(entity, 'P569').at(0) ?? null,
      death_year: claimYears(entity, 'P570').at(0) ?? null,
      nationality: nationality ? labelFor(labels.get(nationality) ?? {}, language, nationality) : null,
      movement: movement ? labelFor(labels.get(movement) ?? {}, language, movement) : null,
      image: image ? this.commons.fileUrl(image) : null,
    };
  }

  /** Step 2: labels, descriptions, dates, nationality, movement, portrait and identifiers with their links. */
  async facts(qid: string, ctx: RequestContext = {}): Promise<ArtistFacts> {
    const entity = await this.artistEntity(qid, ctx);
    const nationalityIds = claimEntityIds(entity, 'P27');
    const movementIds = claimEntityIds(entity, 'P135');
    const identifierClaims = Object.values(entity.claims)
      .flat()
      .filter((claim) => claim.datatype === 'external-id' && claim.rank !== 'deprecated');
    const propertyIds = [...new Set(identifierClaims.map((claim) => claim.property))];
    const related = await this.wikidata.getEntities(
      [...nationalityIds, ...movementIds, ...propertyIds],
      { languages: LABEL_LANGUAGES, props: ['labels', 'claims'] },
      ctx,
    );
    const relatedEntity = (id: string): WikidataEntity | undefined => firstOf(related.entities, [id]);
    const item = (id: string): LabelledItem => ({ qid: id, labels: relatedEntity(id)?.labels ?? {} });

    const identifiers: ArtistIdentifier[] = [];
    for (const claim of identifierClaims) {
      const property = relatedEntity(claim.property);
      const formatter = property ? claimStrings(property, 'P1630').at(0) : undefined;
      if (!formatter || (claim.value.type !== 'external-id' && claim.value.type !== 'string')) continue;
      const value = claim.value.value;
      if (identifiers.some((known) => known.property === claim.property && known.value === value)) continue;
      identifiers.push({
        property: claim.property,
        labels: property?.labels ?? {},
        value,
        url: linkFrom(formatter, value),
      });
    }
    identifiers.sort(byReaderInterest);

    const image = claimStrings(entity, 'P18').at(0);
    const wikipedia: Record<string, string> = {};
    for (const language of LABEL_LANGUAGES) {
      const url = firstOf(entity.sitelinks, [`${language}wiki`])?.url;
      if (url) wikipedia[language] = url;
    }
    return {
      qid,
      name: nameFor(entity.labels, 'fr', qid),
      labels: entity.labels,
      descriptions: entity.descriptions,
      birthYear: claimYears(entity, 'P569').at(0) ?? null,
      deathYear: claimYears(entity, 'P570').at(0) ?? null,
      nationalities: nationalityIds.map(item),
      movements: movementIds.map(item),
      image: image ? { file: CommonsClient.fileNameOf(image), url: this.commons.fileUrl(image) } : null,
      identifiers,
      wikipedia,
      wikidataUrl: `https://www.wikidata.org/wiki/${qid}`,
    };
  }

  /**
   * Step 3: statistics about the works, one set per language (labels in it); every figure carries its query and
   * link. The counts depend on no language and are queried once for all of them.
   */
  async workStatistics(qid: string, languages: readonly string[], ctx: RequestContext = {}): Promise<WorkStatistics[]> {
    // Up to 7 + 4 per language queries share the caller's signal, each waiting request with its own abort
    // listener: not a leak.
    if (ctx.signal) setMaxListeners(Math.max(getMaxListeners(ctx.signal), 50), ctx.signal);
    const [works, worksPerYear, total, fr, en, es, worksWithImage] = await Promise.all([
      this.count(artistQueries.worksCount(qid), 'works', ctx),
      this.worksPerYear(qid, ctx),
      this.count(artistQueries.wikipediaArticles(qid), 'articles', ctx),
      this.count(artistQueries.wikipediaArticles(qid, 'fr'), 'articles', ctx),
      this.count(artistQueries.wikipediaArticles(qid, 'en'), 'articles', ctx),
      this.count(artistQueries.wikipediaArticles(qid, 'es'), 'articles', ctx),
      this.count(artistQueries.worksWithImage(qid), 'works', ctx),
    ]);
    return Promise.all(
      languages.map(async (language): Promise<WorkStatistics> => {
        const [types, genres, depicts, frequentProperties] = await Promise.all([
          this.ranked(qid, 'P31', language, ctx),
          this.ranked(qid, 'P136', language, ctx),
          this.ranked(qid, 'P180', language, ctx),
          this.frequentProperties(qid, language, ctx),
        ]);
        return {
          language,
          works,
          types,
          genres,
          depicts,
          frequentProperties,
          worksPerYear,
          wikipediaArticles: { total, fr, en, es },
          worksWithImage,
        };
      }),
    );
  }

  /** Step 4: up to `limit` paintings (P31/P279* Q3305213) of the artist with an image (P18). */
  async paintingImages(qid: string, limit: number, language = 'fr', ctx: RequestContext = {}): Promise<ArtworkImage[]> {
    if (limit === 0) return [];
    const { rows } = await this.wikidata.sparqlSelect(artistQueries.paintingImages(qid, limit, language), {}, ctx);
    const images: ArtworkImage[] = [];
    for (const row of rows) {
      const workQid = sparqlEntityId(row, 'work');
      const image = sparqlString(row, 'image');
      if (!workQid || !image || images.some((known) => known.workQid === workQid)) continue;
      const file = CommonsClient.fileNameOf(image);
      images.push({ workQid, title: sparqlString(row, 'workLabel') ?? workQid, file, url: this.commons.fileUrl(file) });
    }
    return images;
  }

  private async artistEntity(qid: string, ctx: RequestContext): Promise<WikidataEntity> {
    const entity = await this.wikidata.getEntity(qid, ARTIST_ENTITY, ctx);
    if (!entity) throw new NotFoundOnWikidata(qid);
    return entity;
  }

  private async labelsOf(ids: string[], ctx: RequestContext): Promise<Map<string, Record<string, string>>> {
    if (ids.length === 0) return new Map();
    const { entities } = await this.wikidata.getEntities(ids, { languages: LABEL_LANGUAGES, props: ['labels'] }, ctx);
    return new Map(Object.values(entities).map((entity) => [entity.id, entity.labels]));
  }

  private async count(query: string, variable: string, ctx: RequestContext): Promise<CountFigure> {
    const { rows } = await this.wikidata.sparqlSelect(query, {}, ctx);
    const row = rows.at(0);
    return { value: row ? (sparqlNumber(row, variable) ?? 0) : 0, ...this.source(query) };
  }

  private async ranked(
    qid: string,
    property: RankedProperty,
    language: string,
    ctx: RequestContext,
  ): Promise<RankedFigure> {
    const query = artistQueries.rankedValues(qid, property, language);
    const { rows } = await this.wikidata.sparqlSelect(query, {}, ctx);
    const items = rows.flatMap((row) => {
      const value = sparqlEntityId(row, 'value');
      return value
        ? [{ qid: value, label: sparqlString(row, 'valueLabel') ?? value, works: sparqlNumber(row, 'works') ?? 0 }]
        : [];
    });
    return { items, ...this.source(query) };
  }

  private async frequentProperties(qid: string, language: string, ctx: RequestContext): Promise<PropertyUsageFigure> {
    const query = artistQueries.frequentProperties(qid, language);
    const { rows } = await this.wikidata.sparqlSelect(query, {}, ctx);
    const items = rows.flatMap((row) => {
      const property = /\/prop\/direct\/(P\d+)$/.exec(sparqlString(row, 'direct') ?? '')?.[1];
      if (!property) return [];
      const label = sparqlString(row, 'propertyLabel');
      // Without the property's own triples the label service has nothing to say; the Action API fills in below.
      return [{ property, label: label && label !== property ? label : '', works: sparqlNumber(row, 'works') ?? 0 }];
    });
    const unlabelled = items.filter((item) => item.label === '').map((item) => item.property);
    const labels = await this.labelsOf(unlabelled, ctx);
    for (const item of items) {
      if (item.label === '') item.label = labelFor(labels.get(item.property) ?? {}, language, item.property);
    }
    return { items, ...this.source(query) };
  }

  private async worksPerYear(qid: string, ctx: RequestContext): Promise<YearsFigure> {
    const query = artistQueries.worksPerYear(qid);
    const { rows } = await this.wikidata.sparqlSelect(query, {}, ctx);
    const years = rows.flatMap((row) => {
      const year = sparqlNumber(row, 'year');
      return year === null ? [] : [{ year, works: sparqlNumber(row, 'works') ?? 0 }];
    });
    return { years, chartLink: this.wikidata.queryLink(query, 'BarChart'), ...this.source(query) };
  }

  private source(query: string): { query: string; link: string } {
    return { query, link: this.wikidata.queryLink(query) };
  }
}

/** The identifier's page: the formatter URL with `$1` replaced by the value (path separators kept). */
function linkFrom(formatter: string, value: string): string {
  const encoded = encodeURIComponent(value).replace(/%2F/gi, '/').replace(/%3A/gi, ':');
  return formatter.split('$1').join(encoded);
}

function byReaderInterest(a: ArtistIdentifier, b: ArtistIdentifier): number {
  const rank = (identifier: ArtistIdentifier): number => {
    const index = LEADING_IDENTIFIERS.indexOf(identifier.property);
    return index === -1 ? LEADING_IDENTIFIERS.length : index;
  };
  return (
    rank(a) - rank(b) || Number(a.property.slice(1)) - Number(b.property.slice(1)) || a.value.localeCompare(b.value)
  );
}
