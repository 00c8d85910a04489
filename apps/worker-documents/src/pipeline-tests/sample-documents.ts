/**
 * Documents the pipeline tests write, ingest and question: a few topics far apart (each with a question and the
 * words an answer must hold), realistic texts built from them, and the file formats the tests need, written
 * here (a PDF writer of a few lines: the PDF libraries are development dependencies, absent in production).
 */

/** A topic of the test corpus: its text, a question about it, and the words the retrieved passages must hold. */
export interface SampleTopic {
  name: string;
  paragraphs: string[];
  question: string;
  expectedKeywords: string[];
}

export const SAMPLE_TOPICS: readonly SampleTopic[] = [
  {
    name: 'heat-pump',
    paragraphs: [
      'The heat pump draws warmth from the outside air and moves it into the house through the indoor unit.',
      'Clean the air filter every three months: a clogged filter lowers efficiency and makes the compressor work harder.',
      'In winter the outdoor unit defrosts itself for a few minutes; steam rising from it is normal.',
    ],
    question: 'How often should the air filter of the heat pump be cleaned?',
    expectedKeywords: ['filter', 'months', 'compressor'],
  },
  {
    name: 'expense-policy',
    paragraphs: [
      'Travel expenses are reimbursed within thirty days when the receipts are attached to the claim.',
      'Train tickets are preferred for trips under four hours; flights need the approval of a department head.',
      'Hotel nights are capped at one hundred and twenty euros outside the capital.',
    ],
    question: 'Which trips need a department head to approve a flight?',
    expectedKeywords: ['flights', 'approval', 'train'],
  },
  {
    name: 'beekeeping',
    paragraphs: [
      'A honey bee colony holds one queen, tens of thousands of workers and a few hundred drones in summer.',
      'The beekeeper inspects the frames every week in spring to spot queen cells before the colony swarms.',
      'Varroa mites are treated in late summer, after the honey harvest, with oxalic acid or thymol.',
    ],
    question: 'When are varroa mites treated in the hive?',
    expectedKeywords: ['varroa', 'mites', 'oxalic'],
  },
  {
    name: 'sourdough',
    paragraphs: [
      'Sourdough bread rises thanks to wild yeast and lactic bacteria kept alive in a starter of flour and water.',
      'Feed the starter twice a day at room temperature; it is ready when it doubles within six hours.',
      'Bake the loaf in a preheated cast iron pot, lid on for twenty minutes, then uncovered until the crust darkens.',
    ],
    question: 'How do I know the sourdough starter is ready?',
    expectedKeywords: ['starter', 'doubles', 'feed'],
  },
  {
    name: 'volcano',
    paragraphs: [
      'A volcano erupts when magma rises through fractures in the crust and escapes as lava, ash and gas.',
      'Stratovolcanoes build steep cones from alternating layers of hardened lava and pyroclastic deposits.',
      'Seismographs and tiltmeters detect the swelling of the ground that often precedes an eruption.',
    ],
    question: 'What instruments detect the ground swelling before an eruption?',
    expectedKeywords: ['seismographs', 'tiltmeters', 'eruption'],
  },
  {
    name: 'cycling-safety',
    paragraphs: [
      'Cyclists must light a white lamp at the front and a red lamp at the back between dusk and dawn.',
      'A helmet is compulsory for children under twelve, and a reflective vest outside built-up areas at night.',
      'Brakes and tyre pressure should be checked before every long ride on mountain roads.',
    ],
    question: 'Which lamps must cyclists light at night?',
    expectedKeywords: ['lamp', 'red', 'white'],
  },
];

/** Sentences that read like any document's body, for realistic sizes without changing a topic's vocabulary. */
const FILLER = [
  'This section was reviewed by the documentation team and applies until a newer version is published.',
  'Readers who need more detail can ask the department that maintains this page.',
  'Numbers quoted here were checked at the time of writing and may change with regulations.',
  'The following paragraphs give the practical points most often asked about.',
];

/** A text of about `targetChars` characters about `topic`: its paragraphs, each followed by some filler. */
export function topicText(topic: SampleTopic, targetChars: number): string {
  const blocks: string[] = [`# ${title(topic.name)}`];
  let length = blocks[0].length;
  for (let round = 0; length < targetChars; round++) {
    const paragraph = `${topic.paragraphs[round % topic.paragraphs.length]} ${FILLER[round % FILLER.length]}`;
    blocks.push(round === 0 ? paragraph : `${paragraph} (${round + 1})`);
    length += paragraph.length + 2;
  }
  return blocks.join('\n\n');
}

/** The topic as a small HTML page, with navigation and a footer that the HTML parser must leave out. */
export function topicHtml(topic: SampleTopic): string {
  const paragraphs = topic.paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join('\n');
  return (
    `<!doctype html><html><head><title>${title(topic.name)}</title></head><body>` +
    `<nav><a href="/">Home</a> <a href="/help">Help</a></nav>` +
    `<main><h1>${title(topic.name)}</h1>\n${paragraphs}</main>` +
    `<footer>Copyright and cookie settings</footer></body></html>`
  );
}

/**
 * A text PDF (PDF 1.4, A4, Helvetica, WinAnsi encoding) of `pages`, each a list of lines; lines wider than the page
 * are not wrapped (give short ones). Characters outside Latin-1 are replaced by `?`.
 */
export function textPdf(pages: readonly (readonly string[])[]): Buffer {
  const objects: string[] = [];
  const pageIds = pages.map((_, index) => 4 + index * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  pages.forEach((lines, index) => {
    const id = pageIds[index];
    const text = lines.map((line) => `(${pdfString(line)}) Tj T*`).join('\n');
    const stream = `BT /F1 11 Tf 14 TL 56 786 Td\n${text}\nET`;
    objects[id] =
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ' +
      `/Resources << /Font << /F1 3 0 R >> >> /Contents ${id + 1} 0 R >>`;
    objects[id + 1] = `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`;
  });
  let body = '%PDF-1.4\n%\xE2\xE3\xCF\xD3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(body, 'latin1');
    body += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) body += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** The lines of a text cut to at most `width` characters, on word boundaries. */
export function wrapLines(text: string, width = 90): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + word.length + 1 > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    if (line) lines.push(line);
    lines.push('');
  }
  return lines;
}

/** Bytes that start like a PDF and go on as noise: a truncated download. */
export function corruptPdf(): Buffer {
  const noise = Buffer.alloc(2048);
  for (let index = 0; index < noise.length; index++) noise[index] = (index * 7919 + 13) % 251;
  return Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), noise]);
}

function pdfString(line: string): string {
  return line.replace(/[^\x20-\xFF]/g, '?').replace(/[\\()]/g, '\\$&');
}

function title(name: string): string {
  return name.replace(/-/g, ' ').replace(/^./, (first) => first.toUpperCase());
}
