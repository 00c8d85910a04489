import { Inject, Injectable } from '@nestjs/common';
import { CommonsClient, PIWIGO_CLIENT, type PiwigoClient } from '@relais/integrations';
import {
  ScrutartArtistRepository,
  ScrutartImageRepository,
  ScrutartPostRepository,
  type ScrutartArtistEntity,
  type ScrutartImageEntity,
  type ScrutartPostEntity,
} from '../persistence';
import { ArtistNotProcessed } from './artist-not-processed.error';
import type {
  GalleryImageResponse,
  PublishedArtistListResponse,
  PublishedArtistResponse,
  PublishedArtistSummary,
  PublishedPageResponse,
} from './published-artists.responses';

/** Width of the gallery thumbnails, asked of Commons (which scales and caches them). */
const THUMBNAIL_WIDTH = 240;

/**
 * What Scrutart published per artist, for the dashboard: a page of artists with their counts, and one artist's
 * pages and gallery. Each answer reads one page of rows, never a whole table.
 */
@Injectable()
export class PublishedArtistsReader {
  constructor(
    private readonly artists: ScrutartArtistRepository,
    private readonly images: ScrutartImageRepository,
    private readonly posts: ScrutartPostRepository,
    private readonly commons: CommonsClient,
    @Inject(PIWIGO_CLIENT) private readonly piwigo: PiwigoClient | null,
  ) {}

  /** Artists, the most recently processed first. */
  async list(limit: number, offset: number): Promise<PublishedArtistListResponse> {
    const [artists, total] = await this.artists.findPage(limit, offset);
    const qids = artists.map((artist) => artist.qid);
    const [pagesCounts, imagesCounts] = await Promise.all([
      this.posts.countByArtists(qids),
      this.images.countByArtists(qids),
    ]);
    return {
      items: artists.map((artist) =>
        summaryOf(artist.qid, artist, pagesCounts.get(artist.qid) ?? 0, imagesCounts.get(artist.qid) ?? 0),
      ),
      total,
      limit,
      offset,
    };
  }

  /** The artist's pages and one page of its gallery's images; ArtistNotProcessed when nothing is known of it. */
  async artist(qid: string, limit: number, offset: number): Promise<PublishedArtistResponse> {
    const [artist, posts, [images, imagesTotal]] = await Promise.all([
      this.artists.findByQid(qid),
      this.posts.findByQid(qid),
      this.images.findPageByArtist(qid, limit, offset),
    ]);
    // Pages without an artist row are still published somewhere (as in the state export): show them.
    if (artist === null && posts.length === 0) throw new ArtistNotProcessed(qid);
    return {
      artist: summaryOf(qid, artist, posts.length, imagesTotal),
      pages: posts.map(pageOf),
      gallery: {
        piwigo_album_id: artist?.piwigoGalleryId ?? null,
        url: artist?.piwigoGalleryUrl ?? null,
        images: images.map((image) => this.imageOf(image)),
        images_total: imagesTotal,
        limit,
        offset,
      },
    };
  }

  private imageOf(image: ScrutartImageEntity): GalleryImageResponse {
    const hasFile = image.commonsFile !== '';
    return {
      work_qid: image.workQid,
      title: image.title,
      piwigo_image_id: image.piwigoImageId,
      url: this.piwigo?.pictureUrl(image.piwigoImageId, image.piwigoGalleryId) ?? null,
      thumbnail_url: hasFile ? this.commons.fileUrl(image.commonsFile, { width: THUMBNAIL_WIDTH }) : null,
      source_url: hasFile ? this.commons.fileUrl(image.commonsFile) : null,
      uploaded_at: new Date(image.uploadedAt).toISOString(),
    };
  }
}

function summaryOf(
  qid: string,
  artist: ScrutartArtistEntity | null,
  pagesCount: number,
  imagesCount: number,
): PublishedArtistSummary {
  return {
    qid,
    name: artist === null || artist.name === '' ? null : artist.name,
    description: artist?.description ?? null,
    works_count: artist?.worksCount ?? null,
    last_processed_at: isoOrNull(artist?.lastProcessedAt ?? null),
    last_run_id: artist?.lastRunId ?? null,
    pages_count: pagesCount,
    images_count: imagesCount,
    gallery_url: artist?.piwigoGalleryUrl ?? null,
  };
}

function pageOf(post: ScrutartPostEntity): PublishedPageResponse {
  return {
    language: post.lang,
    title: post.title,
    slug: post.slug,
    status: post.status,
    wordpress_id: post.wordpressId,
    url: post.link,
    run_id: post.runId,
    created_at: new Date(post.createdAt).toISOString(),
    updated_at: new Date(post.updatedAt).toISOString(),
  };
}

function isoOrNull(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}
