/** Every ws.php?format=json answer: {stat: "ok", result} or {stat: "fail", err, message} (read defensively). */
export interface PiwigoEnvelope<T> {
  stat?: string;
  result?: T;
  err?: number | string;
  message?: string;
}

/** A category as pwg.categories.getList returns it (numbers are sometimes strings). */
export interface RawPiwigoCategory {
  id: number | string;
  name: string;
  comment?: string | null;
  id_uppercat?: number | string | null;
  nb_images?: number | string;
  url?: string;
}

/** An image as pwg.categories.getImages and pwg.images.getInfo return it. */
export interface RawPiwigoImage {
  id: number | string;
  file: string;
  name?: string | null;
  comment?: string | null;
  page_url?: string;
  element_url?: string;
  categories?: { id: number | string }[];
}

export interface RawPiwigoStatus {
  username: string;
  status: string;
  pwg_token: string;
}
