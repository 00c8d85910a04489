import type { Entry } from 'yauzl';
import { XmlScanner, type XmlListener } from './xml-scanner';
import type { ZipArchive } from './zip-archive';

export type { XmlListener, XmlTag, XmlText } from './xml-scanner';

/**
 * Streams one part of the zip through the XML scanner, yielding after each chunk so that a caller can hand on
 * what the listener gathered before the next chunk is inflated (a sheet is never held whole). Stopping the
 * iteration early closes the part's stream. Malformed XML throws.
 */
export async function* streamXmlPart(
  archive: ZipArchive,
  entry: Entry,
  listener: XmlListener,
  maxBytes: number,
): AsyncGenerator<void> {
  if (entry.uncompressedSize > maxBytes)
    throw new Error(`${entry.fileName} inflates to ${entry.uncompressedSize} bytes, more than ${maxBytes}`);
  const scanner = new XmlScanner(listener);
  for await (const chunk of archive.bytes(entry)) {
    scanner.write(chunk);
    yield;
  }
  scanner.close();
}

/** Reads a whole (small) part through the listener. */
export async function readXmlPart(
  archive: ZipArchive,
  entry: Entry,
  listener: XmlListener,
  maxBytes: number,
): Promise<void> {
  for await (const _ of streamXmlPart(archive, entry, listener, maxBytes));
}
