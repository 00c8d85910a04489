/** A Piwigo album (category) as pwg.categories.getList returns it, with numbers parsed. */
export interface PiwigoCategory {
  id: number;
  name: string;
  comment: string | null;
  /** Parent album id, null at the root. */
  parentId: number | null;
  /** Images directly in the album. */
  imageCount: number;
  url: string | null;
}

export interface PiwigoEnsuredCategory {
  id: number;
  name: string;
  created: boolean;
}

/** An image as pwg.categories.getImages / pwg.images.getInfo return it. */
export interface PiwigoImage {
  id: number;
  name: string | null;
  file: string;
  comment: string | null;
  pageUrl: string | null;
  elementUrl: string | null;
  categoryIds: number[];
}

/** The file to upload with pwg.images.addSimple. */
export interface PiwigoImageFile {
  bytes: Buffer;
  fileName: string;
  contentType?: string;
}

export interface PiwigoAddSimpleOptions {
  category: number;
  name?: string;
  comment?: string;
  author?: string;
  tags?: string[];
}

export interface PiwigoAddedImage {
  imageId: number;
  url: string | null;
}
