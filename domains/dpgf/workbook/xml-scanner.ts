/** An opening tag as the scanner hands it on: valid only during the `open` call (the object is reused). */
export interface XmlTag {
  /** The local name: `row` for `<row>` and for `<x:row>` (writers such as the Open XML SDK prefix every tag). */
  name: string;
  /** The attribute's value (entities decoded), undefined when the tag does not carry it. */
  attribute(name: string): string | undefined;
}

/** What a scanned XML part is read with: called for each opening tag, text node and closing tag. */
export interface XmlListener {
  open(tag: XmlTag): void;
  text(text: string): void;
  /** `name` is the local name, as in `open`. */
  close(name: string): void;
}

const LT = 60; // <
const GT = 62; // >
const EQUALS = 61; // =
const SLASH = 47; // /
const QUESTION = 63; // ?
const BANG = 33; // !
/** A tag (with its attributes), comment or CDATA section longer than this is refused: memory stays bounded. */
const MAX_TOKEN_CHARS = 16 * 1024 * 1024;
/** Tag names a scanner remembers (a sheet uses a dozen). */
const MAX_REMEMBERED_NAMES = 64;
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
    if (this.pending.length > MAX_TOKEN_CHARS)
      fail(`a tag, comment or CDATA longer than ${MAX_TOKEN_CHARS} characters`);
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
      const gt = next === SLASH ? this.closeTag(text, lt) : this.openTag(text, lt);
      if (gt < 0) return atEnd ? fail('the XML ends inside a tag') : lt;
      position = gt + 1;
    }
    return position;
  }

  /** Reads the opening tag at `lt` and hands it on: returns its `>`, or -1 when the text ends inside it. */
  private openTag(text: string, lt: number): number {
    const tag = this.tag;
    const gt = tag.read(text, lt + 1);
    if (gt < 0) return gt;
    if (this.stack.length === 0) {
      if (this.rootSeen) fail('a second root element');
      this.rootSeen = true;
    }
    this.listener.open(tag);
    if (tag.selfClosing) this.listener.close(tag.name);
    else this.stack.push(tag.qualifiedName);
    return gt;
  }

  /** Reads the closing tag at `lt`, which must close the innermost open element: returns its `>`, or -1. */
  private closeTag(text: string, lt: number): number {
    const gt = text.indexOf('>', lt + 2);
    if (gt < 0) return gt;
    const open = this.stack.pop();
    // Compared in place: slicing each closing tag's name cost an allocation per cell.
    let end = gt;
    while (end > lt + 2 && isSpace(text.charCodeAt(end - 1))) end -= 1;
    if (open === undefined || end - lt - 2 !== open.length || !text.startsWith(open, lt + 2)) {
      const name = text.slice(lt + 2, end);
      fail(open === undefined ? `</${name}> closes nothing` : `</${name}> closes <${open}>`);
    }
    this.listener.close(localName(open));
    return gt;
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

/**
 * The opening tag being read: its name, and where each attribute's name and value sit in the scanned text
 * (a value is sliced and decoded only when asked for). One object, overwritten by each tag.
 */
class ScannedTag implements XmlTag {
  name = '';
  /** The name as written, prefix included: what its closing tag must repeat. */
  qualifiedName = '';
  selfClosing = false;
  private text = '';
  private count = 0;
  private offsets = new Int32Array(4 * 8);
  /** Names met so far, reused instead of slicing the same `c`, `v` and `row` out of the text each time. */
  private readonly names: string[] = [];
  /** The local name of each of `names`, at the same index. */
  private readonly localNames: string[] = [];

  attribute(name: string): string | undefined {
    const { text, offsets } = this;
    for (let index = 0; index < this.count; index += 1) {
      const at = index * 4;
      if (offsets[at + 1] - offsets[at] === name.length && text.startsWith(name, offsets[at]))
        return decoded(text.slice(offsets[at + 2], offsets[at + 3]));
    }
    return undefined;
  }

  /** Reads the tag whose name starts at `start`: returns the position of its `>`, or -1 when the text ends first. */
  read(text: string, start: number): number {
    let position = start;
    let code = text.charCodeAt(position);
    while (position < text.length && !isSpace(code) && code !== GT && code !== SLASH)
      code = text.charCodeAt(++position);
    if (position >= text.length) return -1;
    if (position === start) fail('a tag without a name');
    this.nameOf(text, start, position);
    this.text = text;
    this.count = 0;
    for (;;) {
      while (position < text.length && isSpace(text.charCodeAt(position))) position += 1;
      code = text.charCodeAt(position);
      if (Number.isNaN(code)) return -1;
      if (code === GT) {
        this.selfClosing = false;
        return position;
      }
      if (code === SLASH) {
        const after = text.charCodeAt(position + 1);
        if (Number.isNaN(after)) return -1;
        if (after !== GT) fail(`a / inside <${this.name}>`);
        this.selfClosing = true;
        return position + 1;
      }
      position = this.readAttribute(text, position);
      if (position < 0) return -1;
    }
  }

  /** Records the attribute starting at `start`; returns the position after its closing quote, or -1. */
  private readAttribute(text: string, start: number): number {
    let nameEnd = start;
    let code = text.charCodeAt(nameEnd);
    while (nameEnd < text.length && code !== EQUALS && !isSpace(code) && code !== GT && code !== SLASH && code !== LT)
      code = text.charCodeAt(++nameEnd);
    let equals = nameEnd;
    while (equals < text.length && isSpace(text.charCodeAt(equals))) equals += 1;
    let quote = equals + 1;
    while (quote < text.length && isSpace(text.charCodeAt(quote))) quote += 1;
    if (quote >= text.length) return -1;
    const mark = text.charCodeAt(quote);
    if (nameEnd === start || text.charCodeAt(equals) !== EQUALS || (mark !== 34 && mark !== 39))
      fail(`a malformed attribute in <${this.name}>`);
    const close = text.indexOf(text[quote], quote + 1);
    if (close < 0) return -1;
    const after = text.charCodeAt(close + 1);
    if (!Number.isNaN(after) && !isSpace(after) && after !== GT && after !== SLASH)
      fail(`attributes without a space between them in <${this.name}>`);
    if ((this.count + 1) * 4 > this.offsets.length) {
      const grown = new Int32Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    const at = this.count * 4;
    this.offsets[at] = start;
    this.offsets[at + 1] = nameEnd;
    this.offsets[at + 2] = quote + 1;
    this.offsets[at + 3] = close;
    this.count += 1;
    return close + 1;
  }

  /** Sets `qualifiedName` and `name`, reusing those of a name met before. */
  private nameOf(text: string, start: number, end: number): void {
    const { names } = this;
    for (let index = 0; index < names.length; index += 1) {
      const known = names[index];
      if (known.length === end - start && text.startsWith(known, start)) {
        this.qualifiedName = known;
        this.name = this.localNames[index];
        return;
      }
    }
    this.qualifiedName = text.slice(start, end);
    this.name = localName(this.qualifiedName);
    if (names.length < MAX_REMEMBERED_NAMES) {
      names.push(this.qualifiedName);
      this.localNames.push(this.name);
    }
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

/** `row` for `x:row`; the name itself when it has no prefix (no copy). */
function localName(qualifiedName: string): string {
  const colon = qualifiedName.indexOf(':');
  return colon < 0 ? qualifiedName : qualifiedName.slice(colon + 1);
}
