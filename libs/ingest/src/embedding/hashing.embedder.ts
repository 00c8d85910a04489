import { STOPWORDS } from '../chunking/stopwords';
import { wordsOf } from '../chunking/text-tokens';
import type { Embedder } from './embedder';

/** Bump when the features or their weights change: the id changes and every document is re-indexed. */
const HASHING_VERSION = 'v1';

/** Weight of the pair of consecutive words ("heat pump" is more than "heat" and "pump"). */
const BIGRAM_WEIGHT = 0.6;
/** Total weight of a word's character n-grams, shared among them: they match "pumps" to "pump", "réseau" to "reseaux". */
const CHAR_NGRAMS_WEIGHT = 0.6;
const CHAR_NGRAM_SIZES = [3, 4] as const;

/**
 * The offline embedder: feature hashing (the "hashing trick") of words, word pairs and character n-grams into a
 * fixed number of dimensions, each feature weighted by the log of its count and signed by a second hash bit so
 * that collisions cancel out on average; the vector is L2-normalised, so cosine similarity is a dot product.
 *
 * It needs no model, no download and no network, and costs microseconds per chunk. It is a lexical model: it
 * finds passages sharing the question's words or their stems, in any language, and knows no synonyms ("car" does
 * not find "automobile"). Good enough for a corpus of distinct topics; switch to Mistral embeddings for
 * paraphrased questions or cross-language search.
 */
export class HashingEmbedder implements Embedder {
  readonly id: string;

  constructor(readonly dimensions = 512) {
    if (!Number.isInteger(dimensions) || dimensions < 64 || dimensions > 8192) {
      throw new RangeError(`HashingEmbedder dimensions must be an integer from 64 to 8192 (got ${dimensions})`);
    }
    this.id = `hashing-${HASHING_VERSION}-${dimensions}`;
  }

  embed(texts: readonly string[]): Promise<number[][]> {
    return Promise.resolve(texts.map((text) => this.vectorOf(text)));
  }

  /** The vector of one text (synchronous: there is nothing to wait for). */
  vectorOf(text: string): number[] {
    const vector = new Float64Array(this.dimensions);
    const allWords = wordsOf(text);
    const contentWords = allWords.filter((word) => !STOPWORDS.has(word));
    // A text made only of stop words ("to be or not to be") still gets a vector.
    const words = contentWords.length > 0 ? contentWords : allWords;
    const counts = new Map<string, number>();
    const add = (feature: string): void => {
      counts.set(feature, (counts.get(feature) ?? 0) + 1);
    };
    words.forEach((word, index) => {
      add(`w:${word}`);
      if (index > 0) add(`b:${words[index - 1]} ${word}`);
    });
    for (const [feature, count] of counts) {
      const kind = feature[0];
      const weight = (1 + Math.log(count)) * (kind === 'b' ? BIGRAM_WEIGHT : 1);
      this.addFeature(vector, feature, weight);
      if (kind === 'w') {
        const grams = charNgrams(feature.slice(2));
        for (const gram of grams) this.addFeature(vector, `c:${gram}`, (weight * CHAR_NGRAMS_WEIGHT) / grams.length);
      }
    }
    let norm = 0;
    for (const value of vector) norm += value * value;
    norm = Math.sqrt(norm);
    return Array.from(vector, (value) => (norm > 0 ? value / norm : 0));
  }

  private addFeature(vector: Float64Array, feature: string, weight: number): void {
    const hash = fnv1a(feature);
    // The low bits pick the dimension, the top bit the sign: independent enough for the hashing trick.
    vector[hash % this.dimensions] += hash & 0x80000000 ? -weight : weight;
  }
}

/** The character n-grams of `<word>` (with boundary marks, so that prefixes and suffixes count as such). */
function charNgrams(word: string): string[] {
  const marked = `<${word}>`;
  const grams: string[] = [];
  for (const size of CHAR_NGRAM_SIZES) {
    for (let start = 0; start + size <= marked.length; start++) grams.push(marked.slice(start, start + size));
  }
  return grams.length > 0 ? grams : [marked];
}

/** 32-bit FNV-1a over the UTF-16 code units: fast, stable across runs and platforms, well spread. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
