/** Why a document was refused: a stable code for reports, filters and the HTTP layer (422 with this code). */
export type RejectionReason =
  'unsupported_type' | 'too_small' | 'too_large' | 'empty' | 'encrypted' | 'corrupt' | 'timeout';

/**
 * A document that cannot be ingested as it is: another attempt would fail the same way, so the flow engine
 * does not retry it (`retryable = false`, which the engine reads), and the other files of a batch go on.
 */
export abstract class DocumentRejected extends Error {
  readonly retryable = false;
  abstract readonly reason: RejectionReason;

  protected constructor(
    /** The file (path or name) at fault. */
    readonly source: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${message}`, options);
  }
}

/** The file's extension is not one the configured parsers read. */
export class UnsupportedDocumentType extends DocumentRejected {
  readonly reason = 'unsupported_type';
  constructor(
    source: string,
    readonly extension: string,
    readonly accepted: readonly string[],
  ) {
    super(source, `extension "${extension || '(none)'}" is not accepted (accepted: ${accepted.join(', ')})`);
    this.name = 'UnsupportedDocumentType';
  }
}

/** The file is smaller or larger than the configured bounds. */
export class DocumentSizeOutOfRange extends DocumentRejected {
  readonly reason: 'too_small' | 'too_large';
  constructor(
    source: string,
    readonly sizeBytes: number,
    readonly minBytes: number,
    readonly maxBytes: number,
  ) {
    const tooSmall = sizeBytes < minBytes;
    super(
      source,
      tooSmall
        ? `${sizeBytes} bytes is under the minimum of ${minBytes} bytes`
        : `${sizeBytes} bytes is over the maximum of ${maxBytes} bytes`,
    );
    this.reason = tooSmall ? 'too_small' : 'too_large';
    this.name = 'DocumentSizeOutOfRange';
  }
}

/** The file parsed but holds no text (a scanned PDF without a text layer, an empty page, only markup). */
export class EmptyDocument extends DocumentRejected {
  readonly reason = 'empty';
  constructor(source: string, detail: string) {
    super(source, `no text to index: ${detail}`);
    this.name = 'EmptyDocument';
  }
}

/** The file is protected by a password. */
export class EncryptedDocument extends DocumentRejected {
  readonly reason = 'encrypted';
  constructor(source: string, detail: string) {
    super(source, `encrypted: ${detail}`);
    this.name = 'EncryptedDocument';
  }
}

/** The file is not what its extension says, or is damaged beyond what the parser can read. */
export class CorruptDocument extends DocumentRejected {
  readonly reason = 'corrupt';
  constructor(source: string, detail: string, options?: { cause?: unknown }) {
    super(source, `unreadable: ${detail}`, options);
    this.name = 'CorruptDocument';
  }
}

/**
 * Reading the file's text took longer than the setting allows (a malformed PDF can loop; a huge one can simply be
 * slow). Not `corrupt`: the same bytes may pass with a longer timeout, so a batch tries the file again next time.
 */
export class ExtractionTimedOut extends DocumentRejected {
  readonly reason = 'timeout';
  constructor(
    source: string,
    readonly timeoutMs: number,
    /** The setting that holds the timeout, named in the message so that whoever reads it knows what to raise. */
    readonly setting: string,
  ) {
    super(source, `text extraction took over ${timeoutMs} ms (the limit set by ${setting})`);
    this.name = 'ExtractionTimedOut';
  }
}

/** The embedding provider failed (after the retries it deserved); retryable, since providers recover. */
export class EmbeddingFailed extends Error {
  constructor(
    readonly embedderId: string,
    message: string,
    /** The provider's HTTP status, when it answered. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`Embedder ${embedderId}: ${message}`, options);
    this.name = 'EmbeddingFailed';
  }
}

/** The vector index (Chroma) failed or is unreachable; retryable. */
export class VectorIndexError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VectorIndexError';
  }
}

/** A setting of the ingestion is invalid: `field` names it. */
export class InvalidIngestSettings extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'InvalidIngestSettings';
  }
}

/** A search request is invalid: `field` names it (the HTTP layer answers 400). */
export class InvalidSearchQuery extends Error {
  readonly retryable = false;
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'InvalidSearchQuery';
  }
}
