import { UsageError } from '../cli-errors';

/**
 * The file numbers (1-based) a person typed: `1,3-5`, `all`, or nothing for the `preselected` ones; `none`
 * for none. Throws UsageError naming what it could not read.
 */
export function parseFileSelection(answer: string, count: number, preselected: readonly number[]): number[] {
  const text = answer.trim().toLowerCase();
  if (text === '') return [...preselected];
  if (text === 'none' || text === 'n') return [];
  if (text === 'all' || text === 'a') return Array.from({ length: count }, (_, index) => index + 1);
  const chosen = new Set<number>();
  for (const part of text.split(/[\s,]+/).filter(Boolean)) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    const first = Number(range?.[1]);
    const last = Number(range?.[2] ?? range?.[1]);
    if (!range || first < 1 || last > count || first > last)
      throw new UsageError(`"${part}" is not a file number or range between 1 and ${count}`);
    for (let number = first; number <= last; number += 1) chosen.add(number);
  }
  return [...chosen].sort((a, b) => a - b);
}
