import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/**
 * A generated corpus of realistic documents: PDF (a few A4 pages), Word, plain text and HTML pages, each about
 * one of many topics (its own words among common ones), in sizes an office folder holds (2–25 KB of text).
 * Seeded: the same seed writes the same files.
 */

const COMMON = (
  'the of and to in is for on that with as by this are be it from or at an was which have has not can will ' +
  'all their more other new may also each any should been these when there only must per into such after over ' +
  'under before during while where within between about through against without including following following'
).split(' ');

const VERBS = 'reviews approves records measures replaces checks reports schedules limits requires keeps updates'.split(
  ' ',
);

const TOPIC_STEMS = [
  'invoice',
  'pump',
  'boiler',
  'roof',
  'vaccine',
  'contract',
  'warranty',
  'payroll',
  'server',
  'backup',
  'firewall',
  'forklift',
  'pallet',
  'warehouse',
  'greenhouse',
  'orchard',
  'vineyard',
  'harvest',
  'tractor',
  'irrigation',
  'classroom',
  'curriculum',
  'exam',
  'library',
  'museum',
  'gallery',
  'sculpture',
  'concert',
  'theatre',
  'festival',
  'ferry',
  'railway',
  'airport',
  'tunnel',
  'bridge',
  'harbour',
  'lighthouse',
  'glacier',
  'volcano',
  'reef',
  'bakery',
  'brewery',
  'dairy',
  'cheese',
  'recipe',
  'kitchen',
  'hospital',
  'pharmacy',
  'dentist',
  'ambulance',
];

export type CorpusFormat = 'pdf' | 'docx' | 'txt' | 'html';

export interface CorpusFile {
  name: string;
  format: CorpusFormat;
  textChars: number;
  bytes: number;
}

/** mulberry32: small, fast, good enough to vary generated text. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Paragraphs of about `chars` characters about the topic of `stem`, under headings. */
function documentText(next: () => number, stem: string, chars: number): { heading: string; paragraphs: string[] }[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const topicWords = [stem, `${stem}s`, `${stem} team`, `${stem} policy`, `${stem} schedule`, `${stem} inspection`];
  const sections: { heading: string; paragraphs: string[] }[] = [];
  let length = 0;
  let sectionNumber = 1;
  while (length < chars) {
    const paragraphs: string[] = [];
    const paragraphCount = 2 + Math.floor(next() * 4);
    for (let p = 0; p < paragraphCount && length < chars; p++) {
      const sentences: string[] = [];
      const sentenceCount = 3 + Math.floor(next() * 5);
      for (let s = 0; s < sentenceCount; s++) {
        const words: string[] = [];
        const wordCount = 8 + Math.floor(next() * 14);
        for (let w = 0; w < wordCount; w++) {
          const roll = next();
          words.push(
            roll < 0.2 ? pick(topicWords) : roll < 0.3 ? pick(VERBS) : roll < 0.4 ? pick(TOPIC_STEMS) : pick(COMMON),
          );
        }
        words.push(String(Math.floor(next() * 1000)));
        const sentence = words.join(' ');
        sentences.push(`${sentence[0].toUpperCase()}${sentence.slice(1)}.`);
      }
      const paragraph = sentences.join(' ');
      paragraphs.push(paragraph);
      length += paragraph.length + 2;
    }
    sections.push({
      heading: `${sectionNumber}. The ${stem} ${pick(['overview', 'procedure', 'rules', 'figures', 'notes'])}`,
      paragraphs,
    });
    sectionNumber++;
  }
  return sections;
}

const PAGE = { width: 595, height: 842, margin: 56, size: 10, line: 13 } as const;

async function pdf(sections: { heading: string; paragraphs: string[] }[]): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const bold = await document.embedFont(StandardFonts.HelveticaBold);
  let page = document.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  const width = PAGE.width - 2 * PAGE.margin;
  const line = (text: string, heading: boolean): void => {
    if (y < PAGE.margin) {
      page = document.addPage([PAGE.width, PAGE.height]);
      y = PAGE.height - PAGE.margin;
    }
    page.drawText(text, { x: PAGE.margin, y, size: heading ? 13 : PAGE.size, font: heading ? bold : font });
    y -= heading ? 18 : PAGE.line;
  };
  for (const section of sections) {
    line(section.heading, true);
    for (const paragraph of section.paragraphs) {
      let current = '';
      for (const word of paragraph.split(' ')) {
        const candidate = current ? `${current} ${word}` : word;
        if (current && font.widthOfTextAtSize(candidate, PAGE.size) > width) {
          line(current, false);
          current = word;
        } else {
          current = candidate;
        }
      }
      if (current) line(current, false);
      y -= PAGE.line;
    }
  }
  return Buffer.from(await document.save());
}

function docx(sections: { heading: string; paragraphs: string[] }[]): Promise<Buffer> {
  return Packer.toBuffer(
    new Document({
      sections: [
        {
          children: sections.flatMap((section) => [
            new Paragraph({ text: section.heading, heading: HeadingLevel.HEADING_2 }),
            ...section.paragraphs.map((text) => new Paragraph({ text, alignment: AlignmentType.JUSTIFIED })),
          ]),
        },
      ],
    }),
  );
}

function html(title: string, sections: { heading: string; paragraphs: string[] }[]): string {
  const body = sections
    .map((section) => `<h2>${section.heading}</h2>\n${section.paragraphs.map((p) => `<p>${p}</p>`).join('\n')}`)
    .join('\n');
  return (
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>` +
    `<header><nav><a href="/">Home</a> | <a href="/docs">Documents</a> | <a href="/contact">Contact</a></nav></header>` +
    `<main><h1>${title}</h1>\n${body}</main><footer>© Example Org — privacy — cookies</footer></body></html>`
  );
}

/** Writes `count` documents into `folder`, formats in turn (PDF, DOCX, TXT, HTML); returns what it wrote. */
export async function writeCorpus(folder: string, count: number, seed = 42): Promise<CorpusFile[]> {
  await mkdir(folder, { recursive: true });
  const next = random(seed);
  const formats: CorpusFormat[] = ['pdf', 'docx', 'txt', 'html'];
  const files: CorpusFile[] = [];
  for (let index = 0; index < count; index++) {
    const format = formats[index % formats.length];
    const stem = TOPIC_STEMS[Math.floor(next() * TOPIC_STEMS.length)];
    // 2–25 KB of text, most around 10 KB: a memo, a procedure, a report of a few pages.
    const chars = Math.round(2000 + 23_000 * next() ** 1.6);
    const sections = documentText(next, stem, chars);
    const title = `The ${stem} file ${index + 1}`;
    const plain = [title, ...sections.map((s) => `${s.heading}\n\n${s.paragraphs.join('\n\n')}`)].join('\n\n');
    const name = `doc-${String(index + 1).padStart(5, '0')}-${stem}.${format}`;
    const content =
      format === 'pdf'
        ? await pdf(sections)
        : format === 'docx'
          ? await docx(sections)
          : format === 'html'
            ? html(title, sections)
            : plain;
    await writeFile(join(folder, name), content);
    files.push({
      name,
      format,
      textChars: plain.length,
      bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.length,
    });
  }
  return files;
}

/** Questions in the corpus's words, for the query timings. */
export function corpusQuestions(count: number, seed = 7): string[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  return Array.from(
    { length: count },
    () =>
      `What does the ${pick(TOPIC_STEMS)} ${pick(['policy', 'schedule', 'inspection', 'team'])} say about the ${pick(TOPIC_STEMS)}?`,
  );
}

/**
 * A PDF and a text file each just under `maxBytes` (the ingestion's size bound): the largest inputs the worker
 * accepts, to check it ingests them within its heap limit. Returns their names and sizes.
 */
export async function writeLargeFiles(folder: string, maxBytes: number): Promise<CorpusFile[]> {
  await mkdir(folder, { recursive: true });
  const next = random(11);
  const files: CorpusFile[] = [];
  // A generated PDF costs about 0.67 bytes per character of text (compressed content streams): aim at 95 % of the
  // bound, then correct in proportion until it lands between 85 % and 100 %.
  let chars = Math.floor((maxBytes * 0.95) / 0.67);
  for (let attempt = 0; attempt < 4; attempt++) {
    const sections = documentText(next, 'archive', chars);
    const content = await pdf(sections);
    if (content.length < maxBytes && content.length > maxBytes * 0.85) {
      await writeFile(join(folder, 'large.pdf'), content);
      const textChars = sections.reduce((sum, s) => sum + s.paragraphs.join('').length, 0);
      files.push({ name: 'large.pdf', format: 'pdf', textChars, bytes: content.length });
      break;
    }
    chars = Math.floor((chars * maxBytes * 0.95) / content.length);
  }
  const text = documentText(next, 'ledger', maxBytes)
    .map((s) => `${s.heading}\n\n${s.paragraphs.join('\n\n')}`)
    .join('\n\n')
    .slice(0, maxBytes - 1024);
  await writeFile(join(folder, 'large.txt'), text);
  files.push({ name: 'large.txt', format: 'txt', textChars: text.length, bytes: Buffer.byteLength(text) });
  return files;
}
