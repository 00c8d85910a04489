import { Injectable } from '@nestjs/common';
import { CommonsClient } from '@relais/integrations';
import {
  ScrutartArtistRepository,
  ScrutartImageRepository,
  ScrutartPostRepository,
  type ScrutartArtistEntity,
  type ScrutartImageEntity,
  type ScrutartPostEntity,
} from '@relais/persistence';
import type { ArtistPublicationState, PostState, UploadedImageState } from './scrutart-state';

/** Reads what Scrutart published where (artists, galleries, images, posts) from the database. */
@Injectable()
export class ScrutartStateReader {
  constructor(
    private readonly artists: ScrutartArtistRepository,
    private readonly images: ScrutartImageRepository,
    private readonly posts: ScrutartPostRepository,
    private readonly commons: CommonsClient,
  ) {}

  /** Every artist, the most recently processed first; or only `qid` (empty when it was never processed). */
  async read(qid?: string): Promise<ArtistPublicationState[]> {
    const artists = qid
      ? [await this.artists.findByQid(qid)].filter((artist) => artist !== null)
      : await this.artists.findAll();
    const posts = qid ? await this.posts.findByQid(qid) : await this.posts.findAll();
    const postsByArtist = groupBy(posts, (post) => post.qid);
    const images = qid ? await this.images.findByArtist(qid) : await this.images.findAll();
    const imagesByArtist = groupBy(images, (image) => image.artistQid);
    const known = new Set(artists.map((artist) => artist.qid));
    // A page whose artist row is missing still belongs in the export: it is published somewhere.
    const orphans = [...postsByArtist.keys()].filter((artistQid) => !known.has(artistQid)).sort();
    return [...artists, ...orphans.map(unknownArtist)].map((artist) =>
      this.stateOf(artist, imagesByArtist.get(artist.qid) ?? [], postsByArtist.get(artist.qid) ?? []),
    );
  }

  private stateOf(
    artist: ScrutartArtistEntity,
    images: ScrutartImageEntity[],
    posts: ScrutartPostEntity[],
  ): ArtistPublicationState {
    return {
      qid: artist.qid,
      name: artist.name === '' ? null : artist.name,
      description: artist.description,
      worksCount: artist.worksCount,
      lastProcessedAt: artist.lastProcessedAt,
      lastRunId: artist.lastRunId,
      gallery:
        artist.piwigoGalleryId === null
          ? null
          : { piwigoCategoryId: artist.piwigoGalleryId, url: artist.piwigoGalleryUrl },
      images: images.map((image) => this.imageState(image)),
      posts: posts.map(postState).sort((a, b) => a.language.localeCompare(b.language)),
    };
  }

  private imageState(image: ScrutartImageEntity): UploadedImageState {
    return {
      workQid: image.workQid,
      piwigoImageId: image.piwigoImageId,
      title: image.title,
      sourceUrl: image.commonsFile === '' ? null : this.commons.fileUrl(image.commonsFile),
      uploadedAt: image.uploadedAt,
    };
  }
}

function postState(post: ScrutartPostEntity): PostState {
  return {
    language: post.lang,
    wordpressId: post.wordpressId,
    link: post.link,
    status: post.status,
    slug: post.slug,
    title: post.title,
    runId: post.runId,
    createdAt: post.createdAt,
    updatedAt: post.updatedAt,
  };
}

function unknownArtist(qid: string): ScrutartArtistEntity {
  return {
    qid,
    name: '',
    description: null,
    worksCount: null,
    piwigoGalleryId: null,
    piwigoGalleryUrl: null,
    lastRunId: null,
    lastProcessedAt: null,
    createdAt: 0,
    updatedAt: 0,
  };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
