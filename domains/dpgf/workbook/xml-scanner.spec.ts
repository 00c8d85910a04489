import { XmlScanner } from './xml-scanner';

/** The events a document gives, fed in chunks of `size` bytes (text events joined as a listener would). */
function eventsOf(xml: string, size = Buffer.byteLength(xml)): string[] {
  const events: string[] = [];
  const scanner = new XmlScanner({
    open: (tag) =>
      events.push(
        `<${tag.name} r=${tag.attribute('r')} t=${tag.attribute('t')} formatCode=${tag.attribute('formatCode')}>`,
      ),
    text: (node) => {
      const text = node.decoded();
      if (events.at(-1)?.startsWith('"')) events.push(`"${events.pop()?.slice(1, -1)}${text}"`);
      else events.push(`"${text}"`);
    },
    close: (name) => events.push(`</${name}>`),
  });
  const bytes = Buffer.from(xml);
  for (let start = 0; start < bytes.length; start += size) scanner.write(bytes.subarray(start, start + size));
  scanner.close();
  return events;
}

const SHEET = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!-- written by hand --><worksheet xmlns="x"><sheetData><row r="2"><c r="A2" t = 's'><v>12</v></c><c r="B2" t="inlineStr"><is><t>B&amp;B &lt;b&gt; &#233;t&#xE9; &quot;x&apos;</t></is></c><c formatCode="[&gt;=100]0;&quot;a&gt;b&quot;" r="C2"/><c r="D2"><v><![CDATA[1<2]]></v></c></row></sheetData></worksheet>`;

describe('XmlScanner', () => {
  it('hands on tags, attributes and text with entities decoded, whatever the chunks', () => {
    const whole = eventsOf(SHEET);
    expect(whole).toEqual([
      '<worksheet r=undefined t=undefined formatCode=undefined>',
      '<sheetData r=undefined t=undefined formatCode=undefined>',
      '<row r=2 t=undefined formatCode=undefined>',
      '<c r=A2 t=s formatCode=undefined>',
      '<v r=undefined t=undefined formatCode=undefined>',
      '"12"',
      '</v>',
      '</c>',
      '<c r=B2 t=inlineStr formatCode=undefined>',
      '<is r=undefined t=undefined formatCode=undefined>',
      '<t r=undefined t=undefined formatCode=undefined>',
      '"B&B <b> été "x\'"',
      '</t>',
      '</is>',
      '</c>',
      '<c r=C2 t=undefined formatCode=[>=100]0;"a>b">',
      '</c>',
      '<c r=D2 t=undefined formatCode=undefined>',
      '<v r=undefined t=undefined formatCode=undefined>',
      '"1<2"',
      '</v>',
      '</c>',
      '</row>',
      '</sheetData>',
      '</worksheet>',
    ]);
    for (const size of [1, 2, 3, 5, 7, 64]) expect(eventsOf(SHEET, size)).toEqual(whole);
  });

  it('hands on local names when every tag carries a namespace prefix, as the Open XML SDK writes them', () => {
    const prefixed = SHEET.replace(/<(\/?)(worksheet|sheetData|row|c|v|is|t)\b/g, '<$1x:$2').replace(
      'xmlns=',
      'xmlns:x=',
    );
    expect(prefixed).toContain('<x:row r="2">');
    for (const size of [prefixed.length, 3]) expect(eventsOf(prefixed, size)).toEqual(eventsOf(SHEET));
  });

  it('accepts spaces before the > of a closing tag, cut anywhere', () => {
    const xml = '<a><b>1</b \n><c/></a\t>';
    const open = (name: string): string => `<${name} r=undefined t=undefined formatCode=undefined>`;
    const expected = [open('a'), open('b'), '"1"', '</b>', open('c'), '</c>', '</a>'];
    for (const size of [xml.length, 1, 2, 3]) expect(eventsOf(xml, size)).toEqual(expected);
  });

  it.each([
    ['<x:a></y:a>', /<\/y:a> closes <x:a>/],
    ['<a><b></a>', /<\/a> closes <b>/],
    // A closing name that starts or extends the open one: the `>` is not where the open name says.
    ['<ab></a>', /<\/a> closes <ab>/],
    ['<a></ab>', /<\/ab> closes <a>/],
    ['<ab></ax>', /<\/ax> closes <ab>/],
    ['<a><b></b>', /ends before <\/a>/],
    ['<a x="1></a>', /ends inside a tag/],
    ['<a>AT&T</a>', /bare &/],
    ['<a>&nbsp;</a>', /unknown entity/],
    ['<a/>text', /text outside the root/],
    ['<a/><b/>', /second root/],
    ['<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', /internal subset/],
    ['', /no root element/],
    ['<a x></a>', /malformed attribute/],
  ])('refuses malformed XML: %s', (xml, message) => {
    expect(() => eventsOf(xml)).toThrow(message);
  });

  it('refuses a tag that never ends instead of holding the whole part in memory', () => {
    const scanner = new XmlScanner({ open: () => undefined, text: () => undefined, close: () => undefined });
    scanner.write(Buffer.from('<worksheet><c r="'));
    const megabyte = Buffer.alloc(1024 * 1024, 'x');
    expect(() => {
      for (let written = 0; written < 20; written += 1) scanner.write(megabyte);
    }).toThrow(/longer than 16777216 bytes/);
  });
});
