import type { ScrutartLanguage } from '@relais/domains/scrutart/contracts';
import {
  descriptionFor,
  labelFor,
  nameFor,
  RANKED_MIN_WORKS,
  type ArtistFacts,
  type ArtworkImage,
  type CountFigure,
  type LabelledItem,
  type RankedFigure,
  type WorkStatistics,
} from '@relais/domains/scrutart/knowledge';
import { escapeHtml, gallery, heading, html, image, link, list, paragraph, separator, table } from './gutenberg-blocks';
import type { PageTexts } from './page-texts';
import { jsonLdScript, personJsonLd } from './person-json-ld';
import { PAGE_TEXTS } from './texts/page-texts.catalogue';

/** Thumbnails shown on the page (the gallery holds the rest). */
export const PAGE_THUMBNAILS = 12;
/** Identifier rows in the table; the full list is one click away on Wikidata. */
export const PAGE_IDENTIFIERS = 40;

/** Everything a page is made of. */
export interface ArtistPageInput {
  facts: ArtistFacts;
  /** Statistics with labels in the page's language. */
  statistics: WorkStatistics;
  images: ArtworkImage[];
  /** The Piwigo gallery, when there is one. */
  gallery: { url: string; imageCount: number } | null;
  generatedAt: Date;
}

/** A page ready for WordPress: Gutenberg block markup. */
export interface ArtistPage {
  language: ScrutartLanguage;
  /** `{qid}-{lang}` in lower case, as WordPress stores slugs. */
  slug: string;
  title: string;
  excerpt: string;
  content: string;
}

/** The WordPress slug of an artist's page in a language. */
export function pageSlug(qid: string, language: ScrutartLanguage): string {
  return `${qid}-${language}`.toLowerCase();
}

/** Builds the "where to find {name} in Wikidata" page of an artist in one language. */
export function buildArtistPage(input: ArtistPageInput, language: ScrutartLanguage): ArtistPage {
  const texts = PAGE_TEXTS[language];
  const { facts, statistics } = input;
  // Names of things fall back to the shared (mul) or English label, never to another page language's label.
  const label = (labels: Record<string, string>, fallback: string): string => labelFor(labels, language, fallback);
  const name = nameFor(facts.labels, language, facts.name);
  const nameHtml = escapeHtml(name);
  const number = (value: number): string => value.toLocaleString(texts.locale);
  const figure = (count: CountFigure): string => link(count.link, escapeHtml(number(count.value)));
  const queryLink = (source: { link: string }): string => `(${link(source.link, escapeHtml(texts.queryLink))})`;

  const blocks: string[] = [html(jsonLdScript(personJsonLd(facts, language)))];

  // Introduction: who the artist is.
  blocks.push(paragraph(texts.intro(link(facts.wikidataUrl, nameHtml))));
  const life = [
    facts.birthYear !== null ? texts.born(String(facts.birthYear)) : null,
    facts.deathYear !== null ? texts.died(String(facts.deathYear)) : null,
  ].filter((part): part is string => part !== null);
  const description = descriptionFor(facts.descriptions, language);
  const about = [
    `<strong>${nameHtml}</strong>${life.length > 0 ? ` (${escapeHtml(life.join(', '))})` : ''}${
      description ? `${texts.colon}${escapeHtml(description)}` : ''
    }.`,
  ];
  const itemLinks = (items: LabelledItem[]): string =>
    items
      .map((item) => link(`https://www.wikidata.org/wiki/${item.qid}`, escapeHtml(label(item.labels, item.qid))))
      .join(', ');
  if (facts.nationalities.length > 0) about.push(texts.nationality(itemLinks(facts.nationalities)));
  if (facts.movements.length > 0) about.push(texts.movement(itemLinks(facts.movements)));
  blocks.push(paragraph(about.join(' ')));
  if (facts.image) {
    blocks.push(
      image({
        src: `${facts.image.url}?width=400`,
        alt: name,
        href: `https://commons.wikimedia.org/wiki/File:${encodeURIComponent(facts.image.file)}`,
        captionHtml: escapeHtml(texts.portraitCaption(name)),
      }),
    );
  }

  // The works and their description.
  blocks.push(heading(texts.worksHeading(nameHtml)));
  blocks.push(
    paragraph(
      `${texts.worksCount(figure(statistics.works), statistics.works.value, nameHtml)} ${texts.worksWithImage(
        figure(statistics.worksWithImage),
        statistics.worksWithImage.value,
      )}`,
    ),
  );
  const ranked = (title: string, intro: string, ranking: RankedFigure): void => {
    blocks.push(heading(escapeHtml(title), 3));
    if (ranking.items.length === 0) {
      blocks.push(paragraph(`${escapeHtml(texts.noneShared(RANKED_MIN_WORKS))} ${queryLink(ranking)}`));
      return;
    }
    blocks.push(paragraph(`${escapeHtml(intro)} ${queryLink(ranking)}`));
    blocks.push(
      list(
        ranking.items.map(
          (item) =>
            `${link(`https://www.wikidata.org/wiki/${item.qid}`, escapeHtml(item.label))}${texts.colon}${escapeHtml(
              texts.works(number(item.works), item.works),
            )}`,
        ),
      ),
    );
  };
  ranked(texts.typesHeading, texts.typesIntro(RANKED_MIN_WORKS), statistics.types);
  ranked(texts.genresHeading, texts.genresIntro(RANKED_MIN_WORKS), statistics.genres);
  ranked(texts.depictsHeading, texts.depictsIntro(RANKED_MIN_WORKS), statistics.depicts);

  blocks.push(heading(escapeHtml(texts.propertiesHeading), 3));
  const properties = statistics.frequentProperties;
  if (properties.items.length === 0) {
    blocks.push(paragraph(`${escapeHtml(texts.noFrequentProperty)} ${queryLink(properties)}`));
  } else {
    blocks.push(paragraph(`${escapeHtml(texts.propertiesIntro)} ${queryLink(properties)}`));
    blocks.push(
      table(
        [escapeHtml(texts.propertyColumn), escapeHtml(texts.worksColumn)],
        properties.items.map((item) => [
          `${link(`https://www.wikidata.org/wiki/Property:${item.property}`, escapeHtml(item.label))} (${item.property})`,
          escapeHtml(number(item.works)),
        ]),
      ),
    );
  }

  blocks.push(heading(escapeHtml(texts.yearsHeading), 3));
  const years = statistics.worksPerYear;
  if (years.years.length === 0) {
    blocks.push(paragraph(`${escapeHtml(texts.noYears)} ${queryLink(years)}`));
  } else {
    const dated = years.years.reduce((sum, year) => sum + year.works, 0);
    blocks.push(
      paragraph(
        `${texts.yearsText(
          link(years.link, escapeHtml(number(dated))),
          dated,
          String(years.years[0].year),
          String(years.years[years.years.length - 1].year),
        )} ${link(years.chartLink, escapeHtml(texts.barChartLink))}`,
      ),
    );
  }

  blocks.push(heading(escapeHtml(texts.wikipediaHeading), 3));
  const articles = statistics.wikipediaArticles;
  blocks.push(
    paragraph(
      texts.wikipediaText(nameHtml, figure(articles.total), {
        fr: figure(articles.fr),
        en: figure(articles.en),
        es: figure(articles.es),
      }),
    ),
  );

  // Identifiers in other databases.
  blocks.push(heading(texts.identifiersHeading(nameHtml)));
  if (facts.identifiers.length === 0) {
    blocks.push(paragraph(texts.noIdentifiers(nameHtml)));
  } else {
    blocks.push(paragraph(texts.identifiersIntro(nameHtml)));
    blocks.push(
      table(
        [escapeHtml(texts.databaseColumn), escapeHtml(texts.identifierColumn)],
        facts.identifiers
          .slice(0, PAGE_IDENTIFIERS)
          .map((identifier) => [
            `${escapeHtml(label(identifier.labels, identifier.property))} (${identifier.property})`,
            link(identifier.url, escapeHtml(identifier.value)),
          ]),
      ),
    );
    blocks.push(paragraph(link(`${facts.wikidataUrl}#identifiers`, escapeHtml(texts.allIdentifiers))));
  }

  // Gallery and thumbnails.
  blocks.push(heading(escapeHtml(texts.galleryHeading)));
  const thumbnails = input.images.slice(0, PAGE_THUMBNAILS);
  if (input.gallery) {
    const count = input.gallery.imageCount;
    blocks.push(
      paragraph(
        texts.galleryText(
          nameHtml,
          escapeHtml(number(count)),
          count,
          link(input.gallery.url, escapeHtml(texts.galleryLinkText(name))),
        ),
      ),
    );
  } else if (thumbnails.length > 0) {
    blocks.push(paragraph(texts.commonsSample(nameHtml)));
  }
  if (thumbnails.length === 0) {
    blocks.push(paragraph(texts.noImages(nameHtml)));
  } else {
    blocks.push(
      gallery(
        thumbnails.map((work) =>
          image({
            src: `${work.url}?width=300`,
            alt: work.title,
            href: `https://www.wikidata.org/wiki/${work.workQid}`,
            captionHtml: escapeHtml(work.title),
          }),
        ),
      ),
    );
  }

  blocks.push(separator());
  blocks.push(paragraph(`<em>${escapeHtml(texts.footer(formatDate(input.generatedAt, texts)))}</em>`));

  return {
    language,
    slug: pageSlug(facts.qid, language),
    title: texts.title(name),
    excerpt: texts.excerpt(name, number(statistics.works.value)),
    content: blocks.join('\n\n'),
  };
}

function formatDate(date: Date, texts: PageTexts): string {
  return new Intl.DateTimeFormat(texts.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}
