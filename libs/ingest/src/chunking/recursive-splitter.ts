/** A part of a text: `[start, end)` in characters. */
export interface TextSpan {
  start: number;
  end: number;
}

/**
 * Where a text may be cut, from the boundary that keeps the most meaning together to the one that keeps the
 * least: before a `#` heading, between paragraphs, between lines, after a sentence, between words. Below the
 * last one, a piece is cut every `chunkSize` characters.
 */
const BOUNDARIES: readonly RegExp[] = [/\n(?=#{1,6} )/g, /\n[^\S\n]*\n\s*/g, /\n/g, /(?<=[.!?…;:])\s+/g, /\s+/g];

/**
 * Cuts `text` into spans of at most `chunkSize` characters, each repeating up to `chunkOverlap` characters from
 * the end of the one before, cut on the text's structure (the recursive strategy of LangChain's
 * RecursiveCharacterTextSplitter; written here because the chunks need their character offsets, which it does
 * not keep). Spans never start or end with whitespace.
 */
export function splitRecursively(text: string, chunkSize: number, chunkOverlap: number): TextSpan[] {
  const pieces = piecesOf(text, { start: 0, end: text.length }, 0, chunkSize);
  return mergeWithOverlap(pieces, chunkSize, chunkOverlap).map((span) => trimmed(text, span));
}

/** Pieces of at most `chunkSize` characters, cut at the coarsest boundary that gets them there. */
function piecesOf(text: string, span: TextSpan, level: number, chunkSize: number): TextSpan[] {
  const trimmedSpan = trimmed(text, span);
  if (trimmedSpan.end <= trimmedSpan.start) return [];
  if (trimmedSpan.end - trimmedSpan.start <= chunkSize) return [trimmedSpan];
  if (level >= BOUNDARIES.length) {
    const cuts: TextSpan[] = [];
    for (let start = trimmedSpan.start; start < trimmedSpan.end;) {
      let end = Math.min(start + chunkSize, trimmedSpan.end);
      // Never between the two halves of a surrogate pair (an emoji, a rare CJK character).
      if (end < trimmedSpan.end && /[\uDC00-\uDFFF]/.test(text[end])) end--;
      cuts.push({ start, end });
      start = end;
    }
    return cuts;
  }
  const pattern = new RegExp(BOUNDARIES[level].source, 'g');
  pattern.lastIndex = trimmedSpan.start;
  const parts: TextSpan[] = [];
  let partStart = trimmedSpan.start;
  // A match that starts inside the span ends inside it too: the span ends on a non-space character.
  for (let match = pattern.exec(text); match && match.index < trimmedSpan.end; match = pattern.exec(text)) {
    parts.push({ start: partStart, end: match.index });
    partStart = match.index + match[0].length;
  }
  parts.push({ start: partStart, end: trimmedSpan.end });
  return parts.flatMap((part) => piecesOf(text, part, level + 1, chunkSize));
}

/** Consecutive pieces joined into chunks of at most `chunkSize`, each new chunk taking back trailing pieces of the previous one up to `chunkOverlap` characters. */
function mergeWithOverlap(pieces: TextSpan[], chunkSize: number, chunkOverlap: number): TextSpan[] {
  const chunks: TextSpan[] = [];
  const current: TextSpan[] = [];
  for (const piece of pieces) {
    if (current.length > 0 && piece.end - current[0].start > chunkSize) {
      const last = current[current.length - 1];
      chunks.push({ start: current[0].start, end: last.end });
      while (
        current.length > 0 &&
        (last.end - current[0].start > chunkOverlap || piece.end - current[0].start > chunkSize)
      ) {
        current.shift();
      }
    }
    current.push(piece);
  }
  if (current.length > 0) chunks.push({ start: current[0].start, end: current[current.length - 1].end });
  return chunks;
}

function trimmed(text: string, span: TextSpan): TextSpan {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}
