import { HashingEmbedder } from './hashing.embedder';

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, index) => sum + value * b[index], 0);

describe('HashingEmbedder', () => {
  const embedder = new HashingEmbedder(512);

  it('names its version and size in its id, and gives unit vectors of that size', async () => {
    const [vector] = await embedder.embed(['Heat pumps move heat from outside air into the house.']);

    expect(embedder.id).toBe('hashing-v1-512');
    expect(vector).toHaveLength(512);
    expect(cosine(vector, vector)).toBeCloseTo(1, 10);
  });

  it('gives the same text the same vector, whatever the batch', async () => {
    const [alone] = await embedder.embed(['Same text']);
    const [, inBatch] = await embedder.embed(['Other text', 'Same text']);

    expect(inBatch).toEqual(alone);
  });

  it('puts a question nearer the passage that shares its words and stems than an unrelated one', () => {
    const question = embedder.vectorOf('How often should the heat pump filters be cleaned?');
    const related = embedder.vectorOf(
      'Clean the filter of your heat pump every three months; dirty filters reduce efficiency.',
    );
    const unrelated = embedder.vectorOf('The medieval cathedral was built over two centuries by local stonemasons.');

    expect(cosine(question, related)).toBeGreaterThan(cosine(question, unrelated) + 0.2);
  });

  it('folds case and accents, and still embeds a text made only of stop words', () => {
    expect(embedder.vectorOf('Réseau ÉLECTRIQUE')).toEqual(embedder.vectorOf('reseau electrique'));
    expect(embedder.vectorOf('to be or not to be').some((value) => value !== 0)).toBe(true);
  });

  it('refuses a dimension count outside 64–8192', () => {
    expect(() => new HashingEmbedder(10)).toThrow(/from 64 to 8192 \(got 10\)/);
  });
});
