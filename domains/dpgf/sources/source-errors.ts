/** The source cannot be reached or read at all (folder missing, outside the roots, Graph down): the run stops. */
export class SourceUnreachable extends Error {
  override readonly name = 'SourceUnreachable';
}

/** The source needs credentials that are not configured: the run stops, naming the variables to set. */
export class MissingCredentials extends Error {
  override readonly name = 'MissingCredentials';
}

/** A downloaded file whose size is not the one listed (truncated or changed during the download). */
export class SizeMismatch extends Error {
  override readonly name = 'SizeMismatch';

  constructor(path: string, listed: number, received: number) {
    super(`${path}: ${received} bytes received, ${listed} listed`);
  }
}
