import type { Entry } from 'yauzl';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { ZipArchive } from './zip-archive';

/** What a streamed XML part is read with: called for each opening tag, text node and closing tag. */
export interface XmlListener {
  open(tag: SaxesTagPlain): void;
  text(text: string): void;
  close(name: string): void;
}

/**
 * Streams one part of the zip through a SAX parser, yielding after each chunk so that a caller can hand on what
 * the listener gathered before the next chunk is inflated (a sheet is never held whole). Stopping the iteration
 * early closes the part's stream. Malformed XML throws.
 */
export async function* streamXmlPart(
  archive: ZipArchive,
  entry: Entry,
  listener: XmlListener,
  maxBytes: number,
): AsyncGenerator<void> {
  if (entry.uncompressedSize > maxBytes)
    throw new Error(`${entry.fileName} inflates to ${entry.uncompressedSize} bytes, more than ${maxBytes}`);
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => listener.open(tag));
  parser.on('text', (text) => listener.text(text));
  parser.on('closetag', (tag) => listener.close(tag.name));
  for await (const chunk of archive.text(entry)) {
    parser.write(chunk);
    yield;
  }
  parser.close();
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

/** An attribute of a tag, undefined when the tag does not carry it (saxes's typing says every name is there). */
export function attributeOf(tag: SaxesTagPlain, name: string): string | undefined {
  return (tag.attributes as Partial<Record<string, string>>)[name];
}
