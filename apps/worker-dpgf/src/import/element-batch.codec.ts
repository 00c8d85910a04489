import type { SectionElement } from '@relais/domains/dpgf/schedule/sheet.parser';

/**
 * A batch of elements as it crosses from the parsing thread to the importing one: the numbers in one
 * Float64Array and the texts joined in one string with their lengths, instead of a thousand objects that
 * structured cloning would walk field by field on both sides. The arrays' buffers are transferred, not copied.
 */
export interface EncodedElementBatch {
  count: number;
  /** Per element: section index, quantity, unit price, total, row, mismatch (1/0); NaN for null. */
  numbers: Float64Array<ArrayBuffer>;
  /** Per element: the lengths of its article, designation and unit in `text`; -1 for null. */
  lengths: Int32Array<ArrayBuffer>;
  text: string;
}

const NUMBERS = 6;
const TEXTS = 3;

export function encodeElementBatch(batch: readonly SectionElement[]): EncodedElementBatch {
  const numbers = new Float64Array(batch.length * NUMBERS);
  const lengths = new Int32Array(batch.length * TEXTS);
  // Plain loops and string concatenation (a rope, flattened once by postMessage): this runs for every element.
  let text = '';
  for (let index = 0; index < batch.length; index += 1) {
    const [section, element] = batch[index];
    const at = index * NUMBERS;
    numbers[at] = section;
    numbers[at + 1] = element.quantity ?? NaN;
    numbers[at + 2] = element.unitPrice ?? NaN;
    numbers[at + 3] = element.total ?? NaN;
    numbers[at + 4] = element.row;
    numbers[at + 5] = element.mismatch ? 1 : 0;
    const textAt = index * TEXTS;
    const { article, designation, unit } = element;
    lengths[textAt] = article === null ? -1 : article.length;
    lengths[textAt + 1] = designation.length;
    lengths[textAt + 2] = unit === null ? -1 : unit.length;
    if (article !== null) text += article;
    text += designation;
    if (unit !== null) text += unit;
  }
  return { count: batch.length, numbers, lengths, text };
}

export function decodeElementBatch(encoded: EncodedElementBatch): SectionElement[] {
  const { numbers, lengths, text } = encoded;
  const batch: SectionElement[] = new Array<SectionElement>(encoded.count);
  let offset = 0;
  const next = (at: number): string | null => {
    const length = lengths[at];
    if (length < 0) return null;
    offset += length;
    return text.slice(offset - length, offset);
  };
  for (let index = 0; index < encoded.count; index += 1) {
    const at = index * NUMBERS;
    const textAt = index * TEXTS;
    const article = next(textAt);
    const designation = next(textAt + 1) ?? '';
    const unit = next(textAt + 2);
    batch[index] = [
      numbers[at],
      {
        article,
        designation,
        unit,
        quantity: nullable(numbers[at + 1]),
        unitPrice: nullable(numbers[at + 2]),
        total: nullable(numbers[at + 3]),
        row: numbers[at + 4],
        mismatch: numbers[at + 5] === 1,
      },
    ];
  }
  return batch;
}

/** Parsed amounts are finite or null (parseFrenchNumber), so NaN stands for null without ambiguity. */
function nullable(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}
