/** An opening tag as the scanner hands it on: valid only during the `open` call (the object is reused). */
export interface XmlTag {
  name: string;
  /** The attribute's value (entities decoded), undefined when the tag does not carry it. */
  attribute(name: string): string | undefined;
}

/** What a scanned XML part is read with: called for each opening tag, text node and closing tag. */
export interface XmlListener {
  open(tag: XmlTag): void;
  text(text: string): void;
  close(name: string): void;
}

const SLASH = 47; // /
const QUESTION = 63; // ?
const BANG = 33; // !
const ENTITIES: Partial<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g;
const BARE_AMPERSAND = /&(?!(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);)/;

/**
 * A lean XML scanner for a spreadsheet's parts, fed text in chunks: tags are found with `indexOf` instead of a
 * character-by-character state machine (saxes spent more time on a sheet than everything else in an import
 * together). It checks what a reader depends on — tags nest and close in order, one root, no text outside it,
 * attributes quoted, entities known — and throws on anything else malformed; it expands no DTD (a DOCTYPE with an
 * internal subset is refused). Comments and processing instructions are skipped, CDATA is text. An attribute is
 * read only when asked for.
 */
export class XmlScanner {
  private pending = '';
  private readonly stack: string[] = [];
  private rootSeen = false;
  private readonly tag = new ScannedTag();

  constructor(private readonly listener: XmlListener) {}

  write(chunk: string): void {
    const text = this.pending.length > 0 ? this.pending + chunk : chunk;
    this.pending = text.slice(this.scan(text, false));
  }

  /** The end of the part: what is left must be complete and every element closed. */
  close(): void {
    const text = this.pending;
    this.pending = '';
    if (this.scan(text, true) !== text.length) throw new Error('the XML ends inside a tag');
    if (this.stack.length > 0) throw new Error(`the XML ends before </${this.stack[this.stack.length - 1]}>`);
    if (!this.rootSeen) throw new Error('the XML has no root element');
  }

  /** Hands on every complete token of `text`; returns where the first incomplete one starts. */
  private scan(text: string, atEnd: boolean): number {
    let position = 0;
    const length = text.length;
    while (position < length) {
      const lt = text.indexOf('<', position);
      if (lt !== position) {
        // Text up to the next tag (or to the chunk's end: kept whole when an entity may be cut in two).
        let end = lt < 0 ? length : lt;
        if (lt < 0 && !atEnd) {
          const ampersand = text.lastIndexOf('&', length - 1);
          if (ampersand >= position && text.indexOf(';', ampersand) < 0) end = ampersand;
        }
        if (end > position) this.textNode(text.slice(position, end));
        position = end;
        if (lt < 0) return position;
        continue;
      }
      const next = text.charCodeAt(lt + 1);
      if (Number.isNaN(next)) return atEnd ? fail('the XML ends inside a tag') : lt;
      if (next === BANG) {
        const end = this.special(text, lt);
        if (end < 0) return atEnd ? fail('the XML ends inside a comment or CDATA') : lt;
        position = end;
        continue;
      }
      if (next === QUESTION) {
        const end = text.indexOf('?>', lt + 2);
        if (end < 0) return atEnd ? fail('the XML ends inside a processing instruction') : lt;
        position = end + 2;
        continue;
      }
      const gt = tagEnd(text, lt + 1);
      if (gt < 0) return atEnd ? fail('the XML ends inside a tag') : lt;
      if (next === SLASH) this.closeTag(text.slice(lt + 2, gt).trimEnd());
      else this.openTag(text, lt + 1, gt);
      position = gt + 1;
    }
    return position;
  }

  private openTag(text: string, start: number, gt: number): void {
    const selfClosing = text.charCodeAt(gt - 1) === SLASH;
    const end = selfClosing ? gt - 1 : gt;
    let nameEnd = start;
    while (nameEnd < end && !isSpace(text.charCodeAt(nameEnd))) nameEnd += 1;
    const name = text.slice(start, nameEnd);
    if (name.length === 0) fail('a tag without a name');
    if (this.stack.length === 0) {
      if (this.rootSeen) fail('a second root element');
      this.rootSeen = true;
    }
    this.tag.reset(name, text.slice(nameEnd, end));
    this.listener.open(this.tag);
    if (selfClosing) this.listener.close(name);
    else this.stack.push(name);
  }

  private closeTag(name: string): void {
    const open = this.stack.pop();
    if (open !== name) fail(open === undefined ? `</${name}> closes nothing` : `</${name}> closes <${open}>`);
    this.listener.close(name);
  }

  private textNode(raw: string): void {
    if (this.stack.length === 0) {
      if (raw.trim().length > 0) fail('text outside the root element');
      return;
    }
    this.listener.text(decoded(raw));
  }

  /** A comment, CDATA section or DOCTYPE starting at `lt`: the position after it, or -1 when it is cut short. */
  private special(text: string, lt: number): number {
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      return end < 0 ? -1 : end + 3;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      if (end < 0) return -1;
      if (this.stack.length === 0) fail('CDATA outside the root element');
      this.listener.text(text.slice(lt + 9, end));
      return end + 3;
    }
    if (text.length - lt < 9) return -1;
    if (text.startsWith('<!DOCTYPE', lt)) {
      const end = text.indexOf('>', lt);
      if (end < 0) return -1;
      if (text.lastIndexOf('[', end) > lt) fail('a DOCTYPE with an internal subset');
      return end + 1;
    }
    return fail('a malformed <! declaration');
  }
}

/** An opening tag whose attributes are read when asked for, by walking its text (a cell's tag has three). */
class ScannedTag implements XmlTag {
  name = '';
  private raw = '';

  reset(name: string, raw: string): void {
    this.name = name;
    this.raw = raw;
  }

  attribute(name: string): string | undefined {
    const raw = this.raw;
    let position = 0;
    for (;;) {
      while (position < raw.length && isSpace(raw.charCodeAt(position))) position += 1;
      if (position >= raw.length) return undefined;
      const equals = raw.indexOf('=', position);
      if (equals < 0) fail(`a malformed attribute in <${this.name}>`);
      let nameEnd = equals;
      while (nameEnd > position && isSpace(raw.charCodeAt(nameEnd - 1))) nameEnd -= 1;
      let quote = equals + 1;
      while (quote < raw.length && isSpace(raw.charCodeAt(quote))) quote += 1;
      const mark = raw.charCodeAt(quote);
      if (nameEnd === position || (mark !== 34 && mark !== 39)) fail(`a malformed attribute in <${this.name}>`);
      const close = raw.indexOf(raw[quote], quote + 1);
      if (close < 0) fail(`an unclosed attribute in <${this.name}>`);
      if (nameEnd - position === name.length && raw.startsWith(name, position))
        return decoded(raw.slice(quote + 1, close));
      position = close + 1;
    }
  }
}

/** Where the tag starting at `start` ends (its `>`, outside quoted attribute values), or -1 when cut short. */
function tagEnd(text: string, start: number): number {
  let position = start;
  for (;;) {
    const gt = text.indexOf('>', position);
    if (gt < 0) return -1;
    // A quote before the `>` opens a value that may hold a `>`: go on after its closing quote.
    let quote = position;
    while (quote < gt) {
      const code = text.charCodeAt(quote);
      if (code === 34 || code === 39) break;
      quote += 1;
    }
    if (quote === gt) return gt;
    const close = text.indexOf(text[quote], quote + 1);
    if (close < 0) return -1;
    position = close + 1;
  }
}

function decoded(raw: string): string {
  if (raw.indexOf('&') < 0) return raw;
  if (BARE_AMPERSAND.test(raw)) fail('a bare & in text');
  return raw.replace(ENTITY, (_, name: string) => {
    if (name.charCodeAt(0) !== 35) {
      const known = ENTITIES[name];
      return known ?? fail(`an unknown entity &${name};`);
    }
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    if (code > 0x10ffff || code === 0) fail(`a character reference out of range &${name};`);
    return String.fromCodePoint(code);
  });
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13;
}

function fail(message: string): never {
  throw new Error(`malformed XML: ${message}`);
}
