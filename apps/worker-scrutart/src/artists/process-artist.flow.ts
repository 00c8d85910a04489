import { Inject, Injectable } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { scrutartSettingsOf } from '@relais/domains/scrutart/settings/scrutart.settings';
import {
  PROCESS_ARTIST_FLOW,
  type ProcessArtistParams,
  type ProcessArtistResult,
  type ScrutartLanguage,
} from '@relais/domains/scrutart/contracts';
import type { FlowHandler, RunContext } from '@relais/engine';
import { ArtistKnowledge, descriptionFor } from '@relais/domains/scrutart/knowledge';
import { ScrutartArtistRepository } from '@relais/domains/scrutart/persistence';
import { GalleryPublisher, type ArtistGallery } from '../gallery/gallery.publisher';
import { buildArtistPage } from '../pages/artist-page.builder';
import { PagePublisher } from '../publishing/page.publisher';

/**
 * For one painter: check Wikidata knows them, gather their facts, statistics and paintings, fill their Piwigo
 * gallery, write their page in each language and publish it, then record what went where. Every stage is a
 * durable step, so a retried run resumes after the last completed one; uploads and publications are
 * idempotent on their own as well (scrutart_images, WordPress slugs), so a new run for the same painter
 * duplicates nothing either.
 */
@Injectable()
export class ProcessArtistFlow implements FlowHandler<typeof PROCESS_ARTIST_FLOW> {
  readonly contract = PROCESS_ARTIST_FLOW;

  constructor(
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
    private readonly knowledge: ArtistKnowledge,
    private readonly gallery: GalleryPublisher,
    private readonly pages: PagePublisher,
    private readonly artists: ScrutartArtistRepository,
  ) {}

  async run(ctx: RunContext<ProcessArtistParams>): Promise<ProcessArtistResult> {
    const startedAt = Date.now();
    const { qid, languages, auto_publish: autoPublish } = ctx.params;
    const steps: string[] = [];
    const errors: string[] = [];

    const eligibility = await ctx.step('check-eligibility', ({ signal }) =>
      this.knowledge.checkEligibility(qid, { signal }),
    );
    steps.push('check-eligibility');
    ctx.log.info(`${qid} is ${eligibility.name}, creator of ${eligibility.worksCount} works on Wikidata`);
    ctx.progress(10, `${eligibility.name}: gathering facts`);

    const facts = await ctx.step('artist-facts', ({ signal }) => this.knowledge.facts(qid, { signal }));
    steps.push('artist-facts');
    ctx.progress(20, `${facts.identifiers.length} identifiers; computing statistics`);

    const statistics = await ctx.step('work-statistics', async ({ signal }) => {
      const perLanguage = await this.knowledge.workStatistics(qid, languages, { signal });
      return Object.fromEntries(perLanguage.map((stats) => [stats.language, stats]));
    });
    steps.push('work-statistics');
    ctx.progress(35, 'finding images of paintings');

    // Titles in each page's language; the gallery uses the first language asked for (French by default).
    const images = await ctx.step('find-images', async ({ signal }) =>
      byLanguage(languages, (language) =>
        this.knowledge.paintingImages(qid, scrutartSettingsOf(this.config).imageLimit, language, { signal }),
      ),
    );
    steps.push('find-images');
    const galleryWorks = images[languages[0]] ?? [];
    ctx.log.info(
      `${galleryWorks.length} paintings with an image (limit ${scrutartSettingsOf(this.config).imageLimit})`,
    );
    ctx.progress(40, `${galleryWorks.length} paintings with an image`);

    let gallery: (ArtistGallery & { imageCount: number }) | null = null;
    let imagesUploaded = 0;
    if (this.gallery.configured) {
      const album = await ctx.step('piwigo-gallery', ({ signal }) =>
        this.gallery.ensureGallery({ qid, name: facts.name }, { signal }),
      );
      ctx.log.info(`Piwigo album ${album.id} "${album.name}" ${album.created ? 'created' : 'reused'}`);
      const upload = await ctx.step('piwigo-upload', ({ signal }) =>
        this.gallery.uploadImages({ qid, name: facts.name }, album, galleryWorks, { signal }, (done, total) =>
          ctx.progress(40 + (35 * done) / Math.max(total, 1), `image ${done}/${total}`),
        ),
      );
      steps.push('piwigo-gallery', 'piwigo-upload');
      ctx.log.info(
        `Gallery: ${upload.uploaded} uploaded, ${upload.alreadyThere} already there, ${upload.skipped.length} skipped`,
      );
      for (const skipped of upload.skipped) ctx.log.warn(`Image skipped: ${skipped}`);
      errors.push(...upload.skipped.map((skipped) => `Image skipped: ${skipped}`));
      gallery = { ...album, imageCount: upload.imageCount };
      imagesUploaded = upload.uploaded;
    } else {
      ctx.log.info('Piwigo is not configured (PIWIGO_URL unset): no gallery published');
    }
    ctx.progress(75, 'writing the pages');

    const pages = await ctx.step('build-pages', () =>
      languages.map((language) =>
        buildArtistPage(
          {
            facts,
            statistics: statistics[language],
            images: images[language] ?? [],
            gallery: gallery && { url: gallery.url, imageCount: gallery.imageCount },
            generatedAt: new Date(),
          },
          language,
        ),
      ),
    );
    steps.push('build-pages');

    const wordpressPostIds: ProcessArtistResult['wordpress_post_ids'] = {};
    const pageLinks: ProcessArtistResult['page_links'] = {};
    for (const [index, page] of pages.entries()) {
      const publication = await ctx.step(`publish-page:${page.language}`, ({ signal }) =>
        this.pages.publish(
          qid,
          page,
          autoPublish,
          ctx.runId,
          { signal },
          { allowUnpublish: ctx.params.allow_unpublish },
        ),
      );
      if (publication.keptLocally) {
        ctx.log.info(`Page ${page.slug} kept as a draft in the database: ${publication.keptLocally}`);
      } else {
        ctx.log.info(`Page ${page.slug} is WordPress ${publication.status} ${publication.wordpressId}`);
      }
      if (publication.wordpressId !== null) wordpressPostIds[page.language] = publication.wordpressId;
      pageLinks[page.language] = publication.link;
      ctx.progress(80 + (15 * (index + 1)) / pages.length, `page ${page.language} done`);
    }
    steps.push('publish-pages');

    await ctx.step('record-state', async () => {
      const at = Date.now();
      await this.artists.save({
        qid,
        name: facts.name,
        description: descriptionFor(facts.descriptions, 'fr')?.slice(0, 500) ?? null,
        worksCount: eligibility.worksCount,
        lastRunId: ctx.runId,
        lastProcessedAt: at,
      });
      return at;
    });
    steps.push('record-state');

    return {
      qid,
      artist_name: facts.name,
      success: true,
      steps_completed: steps,
      errors,
      wordpress_post_ids: wordpressPostIds,
      piwigo_gallery_id: gallery?.id ?? null,
      page_links: pageLinks,
      works_count: eligibility.worksCount,
      images_uploaded: imagesUploaded,
      generation_time_ms: Date.now() - startedAt,
    };
  }
}

/** Runs `work` for each language in turn (they share the Query Service's few slots) and keys the results. */
async function byLanguage<T>(
  languages: ScrutartLanguage[],
  work: (language: ScrutartLanguage) => Promise<T>,
): Promise<Partial<Record<ScrutartLanguage, T>>> {
  const results: Partial<Record<ScrutartLanguage, T>> = {};
  for (const language of languages) results[language] = await work(language);
  return results;
}
