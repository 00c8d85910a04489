import { createHash } from 'node:crypto';
import { parsePriceSchedule, type ScheduleOrigin } from '../schedule/price-schedule.parser';

/** What labels rows: Gemini's client, or any model behind the same call. */
export interface RowLabeller {
  classifyRows(rows: readonly string[], signal?: AbortSignal): Promise<('section' | 'element' | 'note')[]>;
}

/** Labels already given, by content hash (dpgf_row_labels): a row is asked about once, whatever file it is in. */
export interface RowLabelCache {
  find(hashes: readonly string[]): Promise<Map<string, string>>;
  save(entries: readonly { hash: string; label: string }[]): Promise<void>;
}

/** Rows sent in one generateContent request. */
export const ROWS_PER_REQUEST = 50;
/** Ambiguous rows asked about per file at most; the rest stay notes. */
export const MAX_AMBIGUOUS_ROWS = 2000;

/** The distinct ambiguous rows of a workbook, in order, found by a parse that writes nothing. */
export async function ambiguousRowsOf(path: string, origin: ScheduleOrigin): Promise<string[]> {
  const texts = new Set<string>();
  const discard = () => Promise.resolve();
  await parsePriceSchedule(
    path,
    origin,
    { batchSize: 10_000, write: discard, endLot: discard },
    {
      labelOf: (text) => {
        if (texts.size < MAX_AMBIGUOUS_ROWS) texts.add(text);
        return null;
      },
    },
  );
  return [...texts];
}

/**
 * Asks a model about the rows the rules leave ambiguous, `ROWS_PER_REQUEST` at a time, each distinct row once
 * ever: answers are cached by the hash of model and text.
 */
export class AmbiguousRowClassifier {
  constructor(
    private readonly labeller: RowLabeller,
    private readonly cache: RowLabelCache,
    private readonly model: string,
  ) {}

  /** Of `texts`, those the model calls headings (sections). */
  async headingsAmong(texts: readonly string[], signal?: AbortSignal): Promise<string[]> {
    const hashOf = (text: string) => createHash('sha256').update(`${this.model}\n${text}`).digest('hex');
    const hashes = texts.map(hashOf);
    const known = await this.cache.find(hashes);
    const unknown = texts.filter((_, index) => !known.has(hashes[index]));
    for (let start = 0; start < unknown.length; start += ROWS_PER_REQUEST) {
      const batch = unknown.slice(start, start + ROWS_PER_REQUEST);
      const labels = await this.labeller.classifyRows(batch, signal);
      const entries = batch.map((text, index) => ({ hash: hashOf(text), label: labels[index] }));
      await this.cache.save(entries);
      for (const entry of entries) known.set(entry.hash, entry.label);
    }
    return texts.filter((_, index) => known.get(hashes[index]) === 'section');
  }
}
