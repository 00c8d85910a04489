import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { InvalidRequestError } from '@relais/contracts';
import { RunLauncher } from '@relais/engine';
import { DocumentRejected } from '@relais/ingest';
import { INGEST_FILE_FLOW } from '../contracts/ingest-file.contract';
import { DocumentCorpus } from '../corpus/document-corpus';
import { DocumentPaths } from '../paths/document-paths';

/** What multer stored for the `file` part (its disk storage). */
export interface StoredUpload {
  originalname: string;
  path: string;
  size: number;
}

export interface UploadResult {
  /** Where it is now, as the manifest will record it (`inbox/<name>`). */
  file: string;
  size_bytes: number;
  sha256: string;
  format: string;
  /** A file of the same name was in the inbox and is replaced (its document is re-indexed as changed). */
  replaced: boolean;
  /** The documents.ingest-file run started for it (`?ingest=true`); null when the nightly inbox run will take it. */
  run_id: string | null;
}

/** Longest file name kept (most file systems allow 255 bytes). */
const MAX_NAME_LENGTH = 200;

/**
 * Files uploaded into the inbox, checked as ingestion checks them (extension, size, and a parse: corrupt,
 * encrypted or empty files are refused with the reason), then moved in under their own name.
 */
@Injectable()
export class DocumentUploads {
  constructor(
    private readonly corpus: DocumentCorpus,
    private readonly paths: DocumentPaths,
    private readonly launcher: RunLauncher,
  ) {}

  /** Checks and moves in what multer stored; `ingestParam` is the `ingest` query parameter as received. */
  async accept(upload: StoredUpload | undefined, ingestParam: unknown): Promise<UploadResult> {
    if (!upload) throw refused('a file is required, in the multipart field "file"');
    try {
      const ingest = ingestFlag(ingestParam);
      const name = safeName(upload.originalname);
      const format = await refusedAs400(() => this.corpus.reader.check(name, upload.size));
      const bytes = await readFile(upload.path);
      await refusedAs400(() => this.corpus.reader.parse(bytes, name));
      const target = join(this.corpus.settings.inboxDir, name);
      const replaced = await stat(target).then(
        () => true,
        () => false,
      );
      await rename(upload.path, target);
      const source = this.paths.sourceOf(target);
      const runId = ingest
        ? (await this.launcher.launch(INGEST_FILE_FLOW.name, { file: source }, { triggeredBy: 'api' })).run.id
        : null;
      return {
        file: source,
        size_bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        format,
        replaced,
        run_id: runId,
      };
    } finally {
      await rm(upload.path, { force: true });
    }
  }
}

/** What `action` returns; a file it refuses (DocumentRejected) becomes a 400 naming the `file` field. */
async function refusedAs400<T>(action: () => T | Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof DocumentRejected) throw refused(error.message);
    throw error;
  }
}

/** The uploaded file's own name, as a plain name in the inbox: no folder, no hidden file, no control character. */
function safeName(original: string): string {
  const name = basename(original.normalize('NFC').replace(/\\/g, '/'));
  if (name !== original.normalize('NFC')) throw refused('the file name must not name a folder (no / or \\)');
  if (name === '' || name.startsWith('.')) throw refused('the file name must not be empty or start with a dot');
  if (/\p{Cc}/u.test(name)) throw refused('the file name must not contain control characters');
  if (name.length > MAX_NAME_LENGTH) throw refused(`the file name must be at most ${MAX_NAME_LENGTH} characters`);
  return name;
}

function ingestFlag(value: unknown): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new InvalidRequestError({ ingest: ['ingest must be true or false'] });
}

function refused(problem: string): InvalidRequestError {
  return new InvalidRequestError({ file: [problem] });
}
