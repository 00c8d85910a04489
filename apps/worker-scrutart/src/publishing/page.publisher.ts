import { Inject, Injectable } from '@nestjs/common';
import type { AutoPublishMode } from '@relais/domains/scrutart/contracts';
import {
  WORDPRESS_CLIENT,
  type RequestContext,
  type WordPressClient,
  type WordPressStatus,
} from '@relais/integrations';
import { ScrutartPostRepository } from '@relais/domains/scrutart/persistence';
import type { ArtistPage } from '../pages/artist-page.builder';

/** Where a page ended up. */
export interface PagePublication {
  language: string;
  slug: string;
  /** `local-draft` (kept in the database only) or the WordPress status. */
  status: string;
  wordpressId: number | null;
  link: string | null;
  /** Why the page stayed in the database, when it did. */
  keptLocally: string | null;
}

const WORDPRESS_STATUS: Record<Exclude<AutoPublishMode, 'none'>, WordPressStatus> = {
  draft: 'draft',
  publish: 'publish',
  review: 'pending',
};

/**
 * Publishes a page to WordPress by its slug (so publishing twice updates the same page), or keeps it as a draft
 * in the database when WordPress is not configured or the run asked for no publication. Either way the page's
 * state is recorded in scrutart_posts.
 */
@Injectable()
export class PagePublisher {
  constructor(
    @Inject(WORDPRESS_CLIENT) private readonly wordpress: WordPressClient | null,
    private readonly posts: ScrutartPostRepository,
  ) {}

  async publish(
    qid: string,
    page: ArtistPage,
    mode: AutoPublishMode,
    runId: string,
    ctx: RequestContext = {},
    options: { allowUnpublish?: boolean } = {},
  ): Promise<PagePublication> {
    if (mode === 'none' || !this.wordpress) {
      const keptLocally = this.wordpress ? 'auto_publish is none' : 'WordPress is not configured (WORDPRESS_URL unset)';
      await this.posts.save({
        qid,
        lang: page.language,
        slug: page.slug,
        title: page.title,
        status: 'local-draft',
        wordpressId: null,
        link: null,
        content: page.content,
        runId,
      });
      return {
        language: page.language,
        slug: page.slug,
        status: 'local-draft',
        wordpressId: null,
        link: null,
        keptLocally,
      };
    }
    const published = await this.wordpress.upsertBySlug(
      {
        slug: page.slug,
        title: page.title,
        content: page.content,
        excerpt: page.excerpt,
        status: WORDPRESS_STATUS[mode],
        // A re-run with the default `draft` must not take a live page offline (unless the run asked to).
        keepPublished: !options.allowUnpublish,
      },
      ctx,
    );
    await this.posts.save({
      qid,
      lang: page.language,
      slug: published.slug,
      title: page.title,
      status: published.status,
      wordpressId: published.id,
      link: published.link,
      content: null,
      runId,
    });
    return {
      language: page.language,
      slug: published.slug,
      status: published.status,
      wordpressId: published.id,
      link: published.link,
      keptLocally: null,
    };
  }
}
