import { ApiProperty } from '@nestjs/swagger';

/** An artist Scrutart processed, with how much it published for them. Times are ISO 8601. */
export class PublishedArtistSummary {
  @ApiProperty({ example: 'Q296' })
  qid: string;

  @ApiProperty({ type: String, nullable: true, example: 'Claude Monet' })
  name: string | null;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Works on Wikidata at the last processing' })
  works_count: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'When a run last processed the artist' })
  last_processed_at: string | null;

  @ApiProperty({ type: String, nullable: true })
  last_run_id: string | null;

  @ApiProperty({ description: 'Pages (one per language) in the database or on WordPress' })
  pages_count: number;

  @ApiProperty({ description: 'Images uploaded to the Piwigo gallery' })
  images_count: number;

  @ApiProperty({ type: String, nullable: true, description: 'The Piwigo album, null before it is created' })
  gallery_url: string | null;
}

export class PublishedArtistListResponse {
  @ApiProperty({ type: [PublishedArtistSummary], description: 'The most recently processed first' })
  items: PublishedArtistSummary[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  limit: number;

  @ApiProperty()
  offset: number;
}

/** The artist's page in one language. */
export class PublishedPageResponse {
  @ApiProperty({ example: 'fr' })
  language: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ example: 'q296-fr' })
  slug: string;

  @ApiProperty({
    example: 'publish',
    description: 'WordPress status, or `local-draft` for a page kept in the database',
  })
  status: string;

  @ApiProperty({ type: Number, nullable: true, description: 'Null while the page is a local draft' })
  wordpress_id: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'The page on WordPress' })
  url: string | null;

  @ApiProperty({ type: String, nullable: true })
  run_id: string | null;

  @ApiProperty()
  created_at: string;

  @ApiProperty()
  updated_at: string;
}

/** A work's image in the artist's Piwigo album. */
export class GalleryImageResponse {
  @ApiProperty({ example: 'Q12418' })
  work_qid: string;

  @ApiProperty({ type: String, nullable: true })
  title: string | null;

  @ApiProperty()
  piwigo_image_id: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The image's page on Piwigo (null if Piwigo is no longer configured)",
  })
  url: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'A small version of the image (Wikimedia Commons)' })
  thumbnail_url: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The original file on Wikimedia Commons' })
  source_url: string | null;

  @ApiProperty()
  uploaded_at: string;
}

/** The artist's Piwigo album and one page of its images, in upload order. */
export class GalleryResponse {
  @ApiProperty({ type: Number, nullable: true, description: 'Null before the album is created' })
  piwigo_album_id: number | null;

  @ApiProperty({ type: String, nullable: true })
  url: string | null;

  @ApiProperty({ type: [GalleryImageResponse] })
  images: GalleryImageResponse[];

  @ApiProperty({ description: 'Images in the album' })
  images_total: number;

  @ApiProperty()
  limit: number;

  @ApiProperty()
  offset: number;
}

/** What Scrutart published for one artist: its pages and its gallery. */
export class PublishedArtistResponse {
  @ApiProperty({ type: PublishedArtistSummary })
  artist: PublishedArtistSummary;

  @ApiProperty({ type: [PublishedPageResponse], description: 'By language' })
  pages: PublishedPageResponse[];

  @ApiProperty({ type: GalleryResponse })
  gallery: GalleryResponse;
}
