import { Inject, Injectable } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { scrutartSettingsOf } from '@relais/domains/scrutart/settings/scrutart.settings';
import {
  PROCESS_ARTIST_FLOW,
  type ProcessArtistParams,
  type ProcessArtistResult,
  type ScrutartLanguage,
} from '@relais/domains/scrutart/contracts';
import { errorMessage, type FlowHandler, type RunContext } from '@relais/engine';
import { IntegrationError } from '@relais/integrations';
import { ArtistKnowledge, descriptionFor, type ArtworkImage } from '@relais/domains/scrutart/knowledge';
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

    const eligibility = await ctx.step('check-eligibility', (step) => this.knowledge.checkEligibility(qid, step));
    steps.push('check-eligibility');
    ctx.log.info(`${qid} is ${eligibility.name}, creator of ${eligibility.worksCount} works on Wikidata`);
    ctx.progress(10, `${eligibility.name}: gathering facts`);

    const facts = await ctx.step('artist-facts', (step) => this.knowledge.facts(qid, step));
    steps.push('artist-facts');
    ctx.progress(20, `${facts.identifiers.length} identifiers; computing statistics`);

    const statistics = await ctx.step('work-statistics', async (step) => {
      const perLanguage = await this.knowledge.workStatistics(qid, languages, step);
      return Object.fromEntries(perLanguage.map((stats) => [stats.language, stats]));
    });
    steps.push('work-statistics');
    ctx.progress(35, 'finding images of paintings');

    // Titles in each page's language; the gallery uses the first language asked for (French by default).
    const images = await ctx.step('find-images', async (step) =>
      byLanguage(languages, (language) =>
        this.knowledge.paintingImages(qid, scrutartSettingsOf(this.config).imageLimit, language, step),
      ),
    );
    steps.push('find-images');
    const galleryWorks = images[languages[0]] ?? [];
    ctx.log.info(
      `${galleryWorks.length} paintings with an image (limit ${scrutartSettingsOf(this.config).imageLimit})`,
    );
    ctx.progress(40, `${galleryWorks.length} paintings with an image`);

    const { gallery, galleryError } = await this.publishGallery(ctx, qid, facts.name, galleryWorks, steps, errors);
    const imagesUploaded = ctx.tally('images-uploaded');
    ctx.progress(75, 'writing the pages');

    // Pages built or published without their gallery (it failed) get step names of their own: the retry that
    // publishes the gallery then rebuilds and republishes them with its link instead of replaying them.
    const withoutGallery = this.gallery.configured && !gallery ? ':without-gallery' : '';
    const pages = await ctx.step(`build-pages${withoutGallery}`, () =>
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
      const publication = await ctx.step(`publish-page:${page.language}${withoutGallery}`, (step) =>
        this.pages.publish(qid, page, autoPublish, ctx.runId, step, { allowUnpublish: ctx.params.allow_unpublish }),
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
    if (galleryError !== null) {
      // The pages are out; the run fails so that its retry (or a manual one) completes the gallery and links it.
      throw new Error(`Pages published without their gallery: the Piwigo gallery failed (${galleryError})`);
    }

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
  /**
   * Fills the painter's Piwigo album. An integration failure here does not stop the pages (they do not need the
   * gallery): it is returned, logged and reported, and the run fails after publishing them. Cancellation and a
   * lost lease still stop the run at once.
   */
  private async publishGallery(
    ctx: RunContext<ProcessArtistParams>,
    qid: string,
    name: string,
    works: ArtworkImage[],
    steps: string[],
    errors: string[],
  ): Promise<{ gallery: (ArtistGallery & { imageCount: number }) | null; galleryError: string | null }> {
    if (!this.gallery.configured) {
      ctx.log.info('Piwigo is not configured (PIWIGO_URL unset): no gallery published');
      return { gallery: null, galleryError: null };
    }
    try {
      const album = await ctx.step('piwigo-gallery', (step) => this.gallery.ensureGallery({ qid, name }, step));
      ctx.log.info(`Piwigo album ${album.id} "${album.name}" ${album.created ? 'created' : 'reused'}`);
      const upload = await ctx.step('piwigo-upload', async (step) => {
        const uploaded = await this.gallery.uploadImages({ qid, name }, album, works, step, (done, total) =>
          ctx.progress(40 + (35 * done) / Math.max(total, 1), `image ${done}/${total}`),
        );
        // Counted once, when the uploads happen: a replay of this step does not count them again.
        ctx.tally('images-uploaded', uploaded.uploaded);
        return uploaded;
      });
      steps.push('piwigo-gallery', 'piwigo-upload');
      ctx.log.info(
        `Gallery: ${upload.uploaded} uploaded, ${upload.alreadyThere} already there, ${upload.skipped.length} skipped`,
      );
      for (const skipped of upload.skipped) ctx.log.warn(`Image skipped: ${skipped}`);
      errors.push(...upload.skipped.map((skipped) => `Image skipped: ${skipped}`));
      return { gallery: { ...album, imageCount: upload.imageCount }, galleryError: null };
    } catch (error) {
      if (ctx.signal.aborted || !(error instanceof IntegrationError)) throw error;
      const message = errorMessage(error);
      ctx.log.error(`Gallery not published (${message}): the pages go out without it; a retry adds it`);
      errors.push(`Gallery not published: ${message}`);
      return { gallery: null, galleryError: message };
    }
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
