/** Lower case, accents stripped: "Été" and "ete" are one word for keywords and the offline embedder. */
export function foldCase(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** The words of `text`, folded: runs of letters and digits (an apostrophe splits "l'eau" into "l" and "eau"). */
export function wordsOf(text: string): string[] {
  return foldCase(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}
