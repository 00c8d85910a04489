import { splitRecursively, type TextSpan } from './recursive-splitter';

const texts = (text: string, spans: TextSpan[]) => spans.map((span) => text.slice(span.start, span.end));

describe('splitRecursively', () => {
  it('keeps a text shorter than the chunk size whole, without its surrounding whitespace', () => {
    expect(splitRecursively('\n  A short note.  \n', 100, 20)).toEqual([{ start: 3, end: 16 }]);
  });

  it('cuts before headings first, so that a section starts a chunk', () => {
    const text = `# Alpha\n\n${'alpha words here. '.repeat(4)}\n# Beta\n\n${'beta words there. '.repeat(4)}`;

    const chunks = texts(text, splitRecursively(text, 100, 0));

    expect(chunks).toEqual([
      `# Alpha\n\n${'alpha words here. '.repeat(4).trim()}`,
      `# Beta\n\n${'beta words there. '.repeat(4).trim()}`,
    ]);
  });

  it('cuts long paragraphs at sentences, then words, then characters, never over the chunk size', () => {
    const sentence = 'The quick brown fox jumps over the lazy dog. ';
    const text = `${sentence.repeat(30)}\n\n${'x'.repeat(250)} ${'word '.repeat(60)}`;

    const spans = splitRecursively(text, 120, 0);

    for (const span of spans) expect(span.end - span.start).toBeLessThanOrEqual(120);
    // Sentence boundaries are kept: every chunk of the first paragraph starts with "The".
    expect(
      texts(text, spans)
        .filter((chunk) => chunk.includes('fox'))
        .every((chunk) => chunk.startsWith('The quick')),
    ).toBe(true);
    expect(texts(text, spans)).toContain('x'.repeat(120));
    // Nothing is lost: the chunks cover every non-space character.
    expect(texts(text, spans).join('').replace(/\s/g, '').length).toBe(text.replace(/\s/g, '').length);
  });

  it('repeats the end of the previous chunk, up to the overlap, at the start of the next', () => {
    const text = Array.from({ length: 40 }, (_, index) => `Sentence number ${index}.`).join(' ');

    const chunks = texts(text, splitRecursively(text, 200, 60));

    for (let index = 1; index < chunks.length; index++) {
      const firstSentence = /^Sentence number \d+\./.exec(chunks[index])![0];
      expect(chunks[index - 1]).toContain(firstSentence);
    }
    expect(chunks.length).toBeGreaterThan(4);
    expect(chunks[chunks.length - 1].endsWith('Sentence number 39.')).toBe(true);
  });

  it('does not cut an emoji in half when it must cut inside a word', () => {
    const text = '😀'.repeat(150);

    for (const chunk of texts(text, splitRecursively(text, 101, 0))) expect(chunk).toMatch(/^(😀)+$/u);
  });
});
