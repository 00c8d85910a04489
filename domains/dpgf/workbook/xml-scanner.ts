/** An opening tag as the scanner hands it on: valid only during the `open` call (the object is reused). */
export interface XmlTag {
  /** The local name: `row` for `<row>` and for `<x:row>` (writers such as the Open XML SDK prefix every tag). */
  name: string;
  /** The attribute's value (entities decoded), undefined when the tag does not carry it. */
  attribute(name: string): string | undefined;
  /**
   * Finds the attribute without decoding it: true when the tag carries it, its raw UTF-8 value then sits in
   * `bytes` from `valueStart` to `valueEnd` (for a hot path that reads a number or a letter without a string).
   */
  attributeBytes(name: string): boolean;
  readonly bytes: Buffer;
  readonly valueStart: number;
  readonly valueEnd: number;
}

/** A text node as the scanner hands it on: valid only during the `text` call (the object is reused). */
export interface XmlText {
  /** The raw UTF-8 bytes, from `start` to `end`: entities are not decoded there when `hasEntities`. */
  readonly bytes: Buffer;
  readonly start: number;
  readonly end: number;
  /** The text holds `&…;` references (already checked to be known ones): only `decoded()` gives its characters. */
  readonly hasEntities: boolean;
  /** The text as a string, entities decoded. */
  decoded(): string;
}

/** What a scanned XML part is read with: called for each opening tag, text node and closing tag. */
export interface XmlListener {
  open(tag: XmlTag): void;
  /** A whole text node (between two tags), or a CDATA section's content. */
  text(text: XmlText): void;
  /** `name` is the local name, as in `open`. */
  close(name: string): void;
}

const LT = 60; // <
const GT = 62; // >
const EQUALS = 61; // =
const SLASH = 47; // /
const QUESTION = 63; // ?
const BANG = 33; // !
const AMPERSAND = 38; // &
const COLON = 58; // :
/** A tag (with its attributes), text node, comment or CDATA section longer than this is refused: memory stays bounded. */
const MAX_TOKEN_BYTES = 16 * 1024 * 1024;
/** Tag names a scanner remembers (a sheet uses a dozen). */
const MAX_REMEMBERED_NAMES = 64;
const NAME_SLOTS = 256;
const ENTITIES: Partial<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g;
const BARE_AMPERSAND = /&(?!(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);)/;
const EMPTY = Buffer.alloc(0);
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * A lean XML scanner for a spreadsheet's parts, fed UTF-8 bytes in chunks (Buffers, or any Uint8Array): it works on the bytes as they
 * inflate, so that a sheet is never decoded to a string whole (decoding it cost more than scanning it) and a
 * listener can read a cell's number or shared-string index straight from its bytes. Tags are found with a byte
 * loop instead of a general state machine (saxes spent more time on a sheet than everything else in an import
 * together). It checks what a reader depends on — tags nest and close in order, one root, no text outside it,
 * attributes quoted, entities known — and throws on anything else malformed; it expands no DTD (a DOCTYPE with an
 * internal subset is refused). Comments and processing instructions are skipped, CDATA is text. An attribute is
 * read only when asked for.
 */
export class XmlScanner {
  private pending: Buffer = EMPTY;
  private readonly stack: TagName[] = [];
  private rootSeen = false;
  private started = false;
  private readonly tag = new ScannedTag();
  private readonly textNode = new ScannedText();

  constructor(private readonly listener: XmlListener) {}

  write(chunk: Uint8Array): void {
    const view = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const bytes = this.pending.length > 0 ? Buffer.concat([this.pending, view]) : view;
    const consumed = this.scan(bytes, this.skipBom(bytes), false);
    // A copy: the rest of a chunk is small, and holding a view would keep the whole chunk alive.
    this.pending = consumed === bytes.length ? EMPTY : Buffer.from(bytes.subarray(consumed));
    if (this.pending.length > MAX_TOKEN_BYTES)
      fail(`a tag, text, comment or CDATA longer than ${MAX_TOKEN_BYTES} bytes`);
  }

  /** The end of the part: what is left must be complete and every element closed. */
  close(): void {
    const bytes = this.pending;
    this.pending = EMPTY;
    if (this.scan(bytes, this.skipBom(bytes), true) !== bytes.length) throw new Error('the XML ends inside a tag');
    if (this.stack.length > 0) throw new Error(`the XML ends before </${this.stack[this.stack.length - 1].qualified}>`);
    if (!this.rootSeen) throw new Error('the XML has no root element');
  }

  /** Where the part's content starts: after a UTF-8 byte order mark, which only the first bytes can hold. */
  private skipBom(bytes: Buffer): number {
    if (this.started) return 0;
    if (bytes.length < UTF8_BOM.length) return 0;
    this.started = true;
    return UTF8_BOM.every((byte, index) => bytes[index] === byte) ? UTF8_BOM.length : 0;
  }

  /** Hands on every complete token of `bytes` from `start`; returns where the first incomplete one starts. */
  private scan(bytes: Buffer, start: number, atEnd: boolean): number {
    let position = start;
    const length = bytes.length;
    while (position < length) {
      if (bytes[position] !== LT) {
        // A text node: handed on whole once the tag after it is in (a value is never cut in two).
        let lt = position;
        let entities = false;
        while (lt < length) {
          const byte = bytes[lt];
          if (byte === LT) break;
          if (byte === AMPERSAND) entities = true;
          lt += 1;
        }
        if (lt === length && !atEnd) return position;
        this.text(bytes, position, lt, entities);
        position = lt;
        continue;
      }
      if (position + 1 >= length) return atEnd ? fail('the XML ends inside a tag') : position;
      const next = bytes[position + 1];
      if (next === BANG) {
        const end = this.special(bytes, position);
        if (end < 0) return atEnd ? fail('the XML ends inside a comment or CDATA') : position;
        position = end;
        continue;
      }
      if (next === QUESTION) {
        const end = indexOfPair(bytes, QUESTION, GT, position + 2);
        if (end < 0) return atEnd ? fail('the XML ends inside a processing instruction') : position;
        position = end + 2;
        continue;
      }
      const gt = next === SLASH ? this.closeTag(bytes, position) : this.openTag(bytes, position);
      if (gt < 0) return atEnd ? fail('the XML ends inside a tag') : position;
      position = gt + 1;
    }
    return position;
  }

  /** Reads the opening tag at `lt` and hands it on: returns its `>`, or -1 when the bytes end inside it. */
  private openTag(bytes: Buffer, lt: number): number {
    const tag = this.tag;
    const gt = tag.read(bytes, lt + 1);
    if (gt < 0) return gt;
    if (this.stack.length === 0) {
      if (this.rootSeen) fail('a second root element');
      this.rootSeen = true;
    }
    this.listener.open(tag);
    if (tag.selfClosing) this.listener.close(tag.name);
    else this.stack.push(tag.tagName);
    return gt;
  }

  /** Reads the closing tag at `lt`, which must close the innermost open element: returns its `>`, or -1. */
  private closeTag(bytes: Buffer, lt: number): number {
    const open = this.stack.pop();
    // The usual case, `</name>` right after the name it must repeat: one comparison, no search for the `>`.
    if (open !== undefined) {
      const gt = lt + 2 + open.bytes.length;
      if (gt < bytes.length && bytes[gt] === GT && open.matches(bytes, lt + 2, gt)) {
        this.listener.close(open.local);
        return gt;
      }
      this.stack.push(open);
    }
    return this.closeTagSlowly(bytes, lt);
  }

  /** closeTag for spaces before the `>`, a mismatch, or bytes that end inside the tag. */
  private closeTagSlowly(bytes: Buffer, lt: number): number {
    let gt = lt + 2;
    while (gt < bytes.length && bytes[gt] !== GT) gt += 1;
    if (gt >= bytes.length) return -1;
    const open = this.stack.pop();
    let end = gt;
    while (end > lt + 2 && isSpace(bytes[end - 1])) end -= 1;
    if (open === undefined || !open.matches(bytes, lt + 2, end)) {
      const name = bytes.toString('utf8', lt + 2, end);
      fail(open === undefined ? `</${name}> closes nothing` : `</${name}> closes <${open.qualified}>`);
    }
    this.listener.close(open.local);
    return gt;
  }

  private text(bytes: Buffer, start: number, end: number, entities: boolean): void {
    if (this.stack.length === 0) {
      for (let index = start; index < end; index += 1)
        if (!isSpace(bytes[index])) fail('text outside the root element');
      return;
    }
    this.listener.text(this.textNode.set(bytes, start, end, entities));
  }

  /** A comment, CDATA section or DOCTYPE starting at `lt`: the position after it, or -1 when it is cut short. */
  private special(bytes: Buffer, lt: number): number {
    if (startsWith(bytes, lt, '<!--')) {
      const end = indexOfText(bytes, '-->', lt + 4);
      return end < 0 ? -1 : end + 3;
    }
    if (startsWith(bytes, lt, '<![CDATA[')) {
      const end = indexOfText(bytes, ']]>', lt + 9);
      if (end < 0) return -1;
      if (this.stack.length === 0) fail('CDATA outside the root element');
      this.listener.text(this.textNode.set(bytes, lt + 9, end, false));
      return end + 3;
    }
    if (bytes.length - lt < 9) return -1;
    if (startsWith(bytes, lt, '<!DOCTYPE')) {
      const end = bytes.indexOf(GT, lt);
      if (end < 0) return -1;
      if (bytes.subarray(lt, end).includes(91)) fail('a DOCTYPE with an internal subset'); // [
      return end + 1;
    }
    return fail('a malformed <! declaration');
  }
}

/** A tag's name as written (what its closing tag must repeat) and its local name, with its bytes to compare. */
class TagName {
  readonly qualified: string;
  readonly local: string;

  constructor(readonly bytes: Buffer) {
    this.qualified = bytes.toString('utf8');
    const colon = bytes.indexOf(COLON);
    this.local = colon < 0 ? this.qualified : bytes.toString('utf8', colon + 1);
  }

  matches(bytes: Buffer, start: number, end: number): boolean {
    const own = this.bytes;
    if (end - start !== own.length) return false;
    for (let index = 0; index < own.length; index += 1) if (bytes[start + index] !== own[index]) return false;
    return true;
  }
}

/**
 * The opening tag being read: its name, and where each attribute's name and value sit in the scanned bytes
 * (a value is decoded only when asked for). One object, overwritten by each tag.
 */
class ScannedTag implements XmlTag {
  name = '';
  tagName!: TagName;
  selfClosing = false;
  bytes: Buffer = EMPTY;
  valueStart = 0;
  valueEnd = 0;
  private count = 0;
  private offsets = new Int32Array(4 * 8);
  /** Names met so far, reused instead of decoding the same `c`, `v` and `row` each time. */
  private readonly names: TagName[] = [];
  /** The last remembered name seen in each slot (see nameOf). */
  private readonly bySlot: (TagName | undefined)[] = new Array<TagName | undefined>(NAME_SLOTS).fill(undefined);

  attribute(name: string): string | undefined {
    return this.attributeBytes(name) ? decodedText(this.bytes, this.valueStart, this.valueEnd) : undefined;
  }

  attributeBytes(name: string): boolean {
    const { bytes, offsets } = this;
    for (let index = 0; index < this.count; index += 1) {
      const at = index * 4;
      if (equalsAscii(bytes, offsets[at], offsets[at + 1], name)) {
        this.valueStart = offsets[at + 2];
        this.valueEnd = offsets[at + 3];
        return true;
      }
    }
    return false;
  }

  /** Reads the tag whose name starts at `start`: returns the position of its `>`, or -1 when the bytes end first. */
  read(bytes: Buffer, start: number): number {
    let position = start;
    const length = bytes.length;
    while (position < length) {
      const code = bytes[position];
      if (isSpace(code) || code === GT || code === SLASH) break;
      position += 1;
    }
    if (position >= length) return -1;
    if (position === start) fail('a tag without a name');
    this.nameOf(bytes, start, position);
    this.bytes = bytes;
    this.count = 0;
    for (;;) {
      while (position < length && isSpace(bytes[position])) position += 1;
      if (position >= length) return -1;
      const code = bytes[position];
      if (code === GT) {
        this.selfClosing = false;
        return position;
      }
      if (code === SLASH) {
        if (position + 1 >= length) return -1;
        if (bytes[position + 1] !== GT) fail(`a / inside <${this.name}>`);
        this.selfClosing = true;
        return position + 1;
      }
      position = this.readAttribute(bytes, position);
      if (position < 0) return -1;
    }
  }

  /** Records the attribute starting at `start`; returns the position after its closing quote, or -1. */
  private readAttribute(bytes: Buffer, start: number): number {
    const length = bytes.length;
    let nameEnd = start;
    while (nameEnd < length) {
      const code = bytes[nameEnd];
      if (code === EQUALS || isSpace(code) || code === GT || code === SLASH || code === LT) break;
      nameEnd += 1;
    }
    let equals = nameEnd;
    while (equals < length && isSpace(bytes[equals])) equals += 1;
    let quote = equals + 1;
    while (quote < length && isSpace(bytes[quote])) quote += 1;
    if (quote >= length) return -1;
    const mark = bytes[quote];
    if (nameEnd === start || bytes[equals] !== EQUALS || (mark !== 34 && mark !== 39))
      fail(`a malformed attribute in <${this.name}>`);
    let close = quote + 1;
    while (close < length && bytes[close] !== mark) close += 1;
    if (close >= length) return -1;
    if (close + 1 < length) {
      const after = bytes[close + 1];
      if (!isSpace(after) && after !== GT && after !== SLASH)
        fail(`attributes without a space between them in <${this.name}>`);
    }
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

  /** Sets `tagName` and `name`, reusing those of a name met before. */
  private nameOf(bytes: Buffer, start: number, end: number): void {
    // Looked up by length and first and last byte first: a sheet's `c` and `v` then cost one comparison each.
    const slot = ((end - start) * 31 + bytes[start] * 7 + bytes[end - 1]) & (NAME_SLOTS - 1);
    const cached = this.bySlot[slot];
    if (cached?.matches(bytes, start, end)) {
      this.tagName = cached;
      this.name = cached.local;
      return;
    }
    const { names } = this;
    let found: TagName | undefined;
    for (let index = 0; index < names.length && !found; index += 1)
      if (names[index].matches(bytes, start, end)) found = names[index];
    if (!found) {
      found = new TagName(Buffer.from(bytes.subarray(start, end)));
      if (names.length < MAX_REMEMBERED_NAMES) names.push(found);
    }
    if (names.includes(found)) this.bySlot[slot] = found;
    this.tagName = found;
    this.name = found.local;
  }
}

/** The text node being handed on; its string is decoded (and cached) only when asked for. */
class ScannedText implements XmlText {
  bytes: Buffer = EMPTY;
  start = 0;
  end = 0;
  hasEntities = false;
  private string: string | null = null;

  set(bytes: Buffer, start: number, end: number, entities: boolean): this {
    this.bytes = bytes;
    this.start = start;
    this.end = end;
    this.hasEntities = entities;
    // Checked here, read or not: a bare & or an unknown entity is malformed whoever listens.
    this.string = entities ? decodedText(bytes, start, end) : null;
    return this;
  }

  decoded(): string {
    this.string ??= this.bytes.toString('utf8', this.start, this.end);
    return this.string;
  }
}

/** The UTF-8 bytes as a string, XML entities decoded; a bare & or an unknown entity throws. */
function decodedText(bytes: Buffer, start: number, end: number): string {
  const raw = bytes.toString('utf8', start, end);
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

function equalsAscii(bytes: Buffer, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let index = 0; index < text.length; index += 1)
    if (bytes[start + index] !== text.charCodeAt(index)) return false;
  return true;
}

function startsWith(bytes: Buffer, at: number, text: string): boolean {
  return at + text.length <= bytes.length && equalsAscii(bytes, at, at + text.length, text);
}

/** Where `text` (ASCII) first occurs from `from`, or -1. */
function indexOfText(bytes: Buffer, text: string, from: number): number {
  const first = text.charCodeAt(0);
  for (let at = bytes.indexOf(first, from); at >= 0; at = bytes.indexOf(first, at + 1))
    if (startsWith(bytes, at, text)) return at;
  return -1;
}

function indexOfPair(bytes: Buffer, first: number, second: number, from: number): number {
  for (let at = bytes.indexOf(first, from); at >= 0 && at + 1 < bytes.length; at = bytes.indexOf(first, at + 1))
    if (bytes[at + 1] === second) return at;
  return -1;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13;
}

function fail(message: string): never {
  throw new Error(`malformed XML: ${message}`);
}
