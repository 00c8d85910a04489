import type { PathRoots } from './confined-path';

/** The kinds of path a documents flow takes as a parameter, each with its own roots. */
export type DocumentPathKind = 'folder' | 'backup' | 'report';

/** Where each kind of path may lead (built from the documents settings). */
export type DocumentRoots = Readonly<Record<DocumentPathKind, PathRoots>>;

let configured: DocumentRoots | null = null;

/**
 * Makes `roots` the ones parameter validation checks paths against. The flow engine validates parameters with
 * class-validator, synchronously and with the DTO alone, so the validator cannot be handed the settings: the
 * documents settings call this when they are loaded (every Relais process loads them once at start). The flows
 * and routes check their paths again with the roots of their own settings (DocumentPaths).
 */
export function useDocumentRoots(roots: DocumentRoots): void {
  configured = roots;
}

/** The roots parameter validation checks against; null before the documents settings are loaded. */
export function currentDocumentRoots(): DocumentRoots | null {
  return configured;
}
