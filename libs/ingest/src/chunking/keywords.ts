import { STOPWORDS } from './stopwords';
import { wordsOf } from './text-tokens';

/**
 * The `limit` words a text uses most, stop words, numbers and words under 3 letters left out; ties go to the
 * word seen first. Plain term frequency: enough to label a chunk in a report or a filter, and it needs no corpus.
 */
export function topKeywords(text: string, limit = 5): string[] {
  const counts = new Map<string, { count: number; first: number }>();
  wordsOf(text).forEach((word, position) => {
    if (word.length < 3 || STOPWORDS.has(word) || /^\d+$/.test(word)) return;
    const entry = counts.get(word);
    if (entry) entry.count++;
    else counts.set(word, { count: 1, first: position });
  });
  return [...counts.entries()]
    .sort(([, a], [, b]) => b.count - a.count || a.first - b.first)
    .slice(0, limit)
    .map(([word]) => word);
}
