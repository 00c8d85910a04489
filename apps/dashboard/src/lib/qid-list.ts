/** Wikidata item ids in free text ("Q296, q5582\nQ35548"): upper-cased, each once, in order. */
export function parseQids(text: string): { qids: string[]; invalid: string[] } {
  const qids: string[] = [];
  const invalid: string[] = [];
  for (const token of text.split(/[\s,;]+/).filter((part) => part !== '')) {
    const qid = token.toUpperCase();
    if (!/^Q[1-9]\d{0,11}$/.test(qid)) invalid.push(token);
    else if (!qids.includes(qid)) qids.push(qid);
  }
  return { qids, invalid };
}
