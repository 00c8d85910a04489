import { Inject, Injectable } from '@nestjs/common';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { RelaisError } from '@relais/contracts';
import { documentRootsOf, documentsSettingsOf } from '../settings/documents.settings';
import { confinePath, isInside } from './confined-path';
import type { DocumentPathKind, DocumentRoots } from './document-roots';

/** Where the nightly inbox moves the files it ingested, and those it could not (next to them, with a timestamp). */
export const PROCESSED_FOLDER = 'processed';
export const FAILED_FOLDER = 'failed';
/** Where uploads are written while they arrive, inside the inbox so that moving them in is a rename. */
export const INCOMING_FOLDER = '.incoming';

/** A path parameter leads outside its roots: 400 at the gateway, and a run that fails at once. */
export class InvalidPathParameter extends RelaisError {
  readonly kind = 'invalid';
  readonly retryable = false;
  override readonly fields: Record<string, string[]>;

  constructor(field: string, problem: string) {
    super(`${field} ${problem}`);
    this.name = 'InvalidPathParameter';
    this.fields = { [field]: [`${field} ${problem}`] };
  }
}

/**
 * The documents domain's folders as this process's settings give them: path parameters resolved and confined
 * (again, after the parameter validation), and the mapping between files and the sources the manifest records.
 */
@Injectable()
export class DocumentPaths {
  readonly roots: DocumentRoots;
  private readonly dataDir: string;

  constructor(@Inject(RELAIS_CONFIG) config: RelaisConfig) {
    const settings = documentsSettingsOf(config);
    this.roots = documentRootsOf(settings);
    this.dataDir = settings.dataDir;
  }

  /** The absolute path `value` names; throws InvalidPathParameter naming `field` when it leads outside its roots. */
  resolve(kind: DocumentPathKind, field: string, value: string): string {
    const confined = confinePath(value, this.roots[kind]);
    if (confined.problem !== undefined) throw new InvalidPathParameter(field, confined.problem);
    return confined.path;
  }

  /** The source a file is recorded under: its path relative to the data directory, or its absolute path outside it. */
  sourceOf(path: string): string {
    const absolute = resolve(path);
    return isInside(absolute, this.dataDir) ? relative(this.dataDir, absolute).split('\\').join('/') : absolute;
  }

  /** The file a source names. */
  pathOf(source: string): string {
    return isAbsolute(source) ? source : resolve(this.dataDir, source);
  }

  /**
   * Where the file of a source is now: where it was ingested from, or else the newest copy the nightly inbox
   * archived (`processed/<timestamp>/<name>` next to it); null when it is gone.
   */
  async locate(source: string): Promise<string | null> {
    const path = this.pathOf(source);
    if (await isFile(path)) return path;
    const archive = join(dirname(path), PROCESSED_FOLDER);
    const stamps = await readdir(archive).catch(() => [] as string[]);
    for (const stamp of stamps.sort().reverse()) {
      const archived = join(archive, stamp, basename(path));
      if (await isFile(archived)) return archived;
    }
    return null;
  }
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (stats) => stats.isFile(),
    () => false,
  );
}
