import { Injectable } from '@nestjs/common';
import { CommonsClient } from '@relais/integrations';
import {
  ScrutartArtistRepository,
  ScrutartImageRepository,
  ScrutartPostRepository,
  type ScrutartArtistEntity,
  type ScrutartImageEntity,
  type ScrutartPostEntity,
} from '../persistence';
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
    const [artists, posts, images] = qid
      ? await Promise.all([
          this.artists.findByQid(qid).then((artist) => (artist ? [artist] : [])),
          this.posts.findByQid(qid),
          this.images.findByArtist(qid),
        ])
      : await Promise.all([this.artists.findAll(), this.posts.findAll(), this.images.findAll()]);
    const artistsByQid = new Map(artists.map((artist) => [artist.qid, artist]));
    const postsByArtist = groupBy(posts, (post) => post.qid);
    const imagesByArtist = groupBy(images, (image) => image.artistQid);
    // A page whose artist row is missing still belongs in the export: it is published somewhere.
    const orphans = [...postsByArtist.keys()].filter((artistQid) => !artistsByQid.has(artistQid)).sort();
    return [...artistsByQid.keys(), ...orphans].map((artistQid) =>
      this.stateOf(
        artistQid,
        artistsByQid.get(artistQid) ?? null,
        imagesByArtist.get(artistQid) ?? [],
        postsByArtist.get(artistQid) ?? [],
      ),
    );
  }

  /** `artist` is null for an artist known only through its pages. */
  private stateOf(
    qid: string,
    artist: ScrutartArtistEntity | null,
    images: ScrutartImageEntity[],
    posts: ScrutartPostEntity[],
  ): ArtistPublicationState {
    return {
      qid,
      name: artist === null || artist.name === '' ? null : artist.name,
      description: artist?.description ?? null,
      worksCount: artist?.worksCount ?? null,
      lastProcessedAt: artist?.lastProcessedAt ?? null,
      lastRunId: artist?.lastRunId ?? null,
      gallery:
        artist === null || artist.piwigoGalleryId === null
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

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
