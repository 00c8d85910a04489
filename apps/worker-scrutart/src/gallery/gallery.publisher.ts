import { Inject, Injectable } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { scrutartSettingsOf } from '@relais/domains/scrutart/settings/scrutart.settings';
import {
  CommonsClient,
  CommonsFileNotFoundError,
  PIWIGO_CLIENT,
  UnexpectedResponseError,
  type PiwigoClient,
  type RequestContext,
} from '@relais/integrations';
import { type ArtworkImage } from '@relais/domains/scrutart/knowledge';
import { ScrutartArtistRepository, ScrutartImageRepository } from '@relais/domains/scrutart/persistence';

/** Images are uploaded at this width at most: large enough for a gallery, far smaller than Commons originals. */
const UPLOAD_WIDTH = 2048;

/** The artist's Piwigo album. */
export interface ArtistGallery {
  id: number;
  url: string;
  name: string;
  created: boolean;
}

/** What an upload pass did. */
export interface GalleryUpload {
  /** Images uploaded by this pass. */
  uploaded: number;
  /** Images already in the gallery (recorded in scrutart_images, or found in the album by file name). */
  alreadyThere: number;
  /** Works whose image could not be fetched from Commons, with the reason. */
  skipped: string[];
  /** Images of the artist in the gallery after this pass. */
  imageCount: number;
}

/**
 * The artist's gallery on Piwigo: "Galerie {name}" under the configured parent album, holding one image per
 * painting. Every upload is recorded in scrutart_images as soon as Piwigo accepts it and looked up before the
 * next, so a re-run (after a crash, a failure or on a later day) never uploads a work twice.
 */
@Injectable()
export class GalleryPublisher {
  constructor(
    @Inject(PIWIGO_CLIENT) private readonly piwigo: PiwigoClient | null,
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
    private readonly commons: CommonsClient,
    private readonly artists: ScrutartArtistRepository,
    private readonly images: ScrutartImageRepository,
  ) {}

  /** False when PIWIGO_URL is unset: no gallery is published. */
  get configured(): boolean {
    return this.piwigo !== null;
  }

  /** Logs in, then creates or reuses the album "Galerie {name}" and records it on the artist. */
  async ensureGallery(artist: { qid: string; name: string }, ctx: RequestContext = {}): Promise<ArtistGallery> {
    const piwigo = this.required();
    await piwigo.login(ctx);
    const name = `Galerie ${artist.name}`;
    const album = await piwigo.ensureCategory(
      name,
      scrutartSettingsOf(this.config).piwigo?.parentCategoryId ?? null,
      ctx,
    );
    const url = piwigo.categoryUrl(album.id);
    await this.artists.save({ qid: artist.qid, name: artist.name, piwigoGalleryId: album.id, piwigoGalleryUrl: url });
    return { id: album.id, url, name, created: album.created };
  }

  /**
   * Uploads the works not yet in the gallery (`pwg.images.addSimple`), then sets the album's comment.
   * `onImage` is called after each work, uploaded or not.
   */
  async uploadImages(
    artist: { qid: string; name: string },
    gallery: { id: number },
    works: ArtworkImage[],
    ctx: RequestContext = {},
    onImage: (done: number, total: number) => void = () => undefined,
  ): Promise<GalleryUpload> {
    const piwigo = this.required();
    // An upload whose record was lost (the process died between Piwigo's answer and the insert) is found by name.
    const inAlbum = new Map((await piwigo.getCategoryImages(gallery.id, ctx)).map((image) => [image.file, image.id]));
    const outcome: GalleryUpload = { uploaded: 0, alreadyThere: 0, skipped: [], imageCount: 0 };
    for (const [index, work] of works.entries()) {
      const recorded = await this.images.find(artist.qid, work.workQid);
      if (recorded && recorded.piwigoGalleryId === gallery.id) {
        outcome.alreadyThere += 1;
      } else {
        const found = inAlbum.get(work.file);
        const imageId = found ?? (await this.upload(artist, gallery, work, outcome, ctx));
        if (imageId !== null) {
          await this.images.record({
            artistQid: artist.qid,
            workQid: work.workQid,
            commonsFile: work.file,
            title: work.title,
            piwigoImageId: imageId,
            piwigoGalleryId: gallery.id,
            uploadedAt: Date.now(),
          });
          if (found !== undefined) outcome.alreadyThere += 1;
        }
      }
      onImage(index + 1, works.length);
    }
    outcome.imageCount = (await this.images.findByArtist(artist.qid)).filter(
      (image) => image.piwigoGalleryId === gallery.id,
    ).length;
    await piwigo.setCategoryInfo(
      gallery.id,
      {
        comment:
          `Œuvres de ${artist.name} décrites dans Wikidata (https://www.wikidata.org/wiki/${artist.qid}), ` +
          `images de Wikimedia Commons.`,
      },
      ctx,
    );
    return outcome;
  }

  /** Downloads the work's image from Commons and uploads it; null (and a skip) when Commons has no usable file. */
  private async upload(
    artist: { qid: string; name: string },
    gallery: { id: number },
    work: ArtworkImage,
    outcome: GalleryUpload,
    ctx: RequestContext,
  ): Promise<number | null> {
    let file;
    try {
      file = await this.commons.download(work.file, { width: UPLOAD_WIDTH }, ctx);
    } catch (error) {
      if (error instanceof CommonsFileNotFoundError || error instanceof UnexpectedResponseError) {
        outcome.skipped.push(`${work.workQid} (${work.file}): ${error.message}`);
        return null;
      }
      throw error;
    }
    const added = await this.required().addSimple(
      { bytes: file.bytes, fileName: work.file, contentType: file.contentType },
      {
        category: gallery.id,
        name: work.title,
        author: artist.name,
        comment: `${work.title}, ${artist.name} (https://www.wikidata.org/wiki/${work.workQid})`,
      },
      ctx,
    );
    outcome.uploaded += 1;
    return added.imageId;
  }

  private required(): PiwigoClient {
    if (!this.piwigo) throw new Error('Piwigo is not configured (PIWIGO_URL unset)');
    return this.piwigo;
  }
}
