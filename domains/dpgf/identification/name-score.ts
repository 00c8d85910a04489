import { normalisedText } from '../workbook/normalised-text';
import type { ScheduleType } from '../schedule/price-schedule.types';
import type { Identification } from './identification.types';

interface Clue {
  type: ScheduleType | null;
  pattern: RegExp;
  points: number;
  reason: string;
}

// Tested against the normalised path (no accents, lower case, `_` and `-` as spaces). A clue of no type adds to
// whichever type wins.
const NAME_CLUES: Clue[] = [
  { type: 'DPGF', pattern: /\bdpgf\b/, points: 0.6, reason: 'name contains "DPGF"' },
  {
    type: 'DPGF',
    pattern: /decomposition du prix global/,
    points: 0.6,
    reason: 'name says "décomposition du prix global"',
  },
  { type: 'DPGF', pattern: /\bdpgf ?lot ?\d+/, points: 0.2, reason: 'name follows the "DPGF-lot N" pattern' },
  { type: 'BPU', pattern: /\bbpu\b/, points: 0.6, reason: 'name contains "BPU"' },
  { type: 'BPU', pattern: /bordereau (des )?prix/, points: 0.6, reason: 'name says "bordereau des prix"' },
  { type: 'DQE', pattern: /\bdqe\b/, points: 0.6, reason: 'name contains "DQE"' },
  { type: 'DQE', pattern: /quantitatif estimatif/, points: 0.6, reason: 'name says "quantitatif estimatif"' },
  { type: null, pattern: /\blot ?(n ?)?\d+/, points: 0.1, reason: 'name names a lot' },
  { type: null, pattern: /\b(prix|chiffrage|offre|devis|estimation)\b/, points: 0.1, reason: 'name speaks of prices' },
  { type: null, pattern: /\b(dce|consultation|appel d'offres?|ao)\b/, points: 0.05, reason: 'in a tender folder' },
];

/** The score a file's name and folders give, per the best type; reasons list every clue found. */
export function nameScore(path: string): Identification {
  const text = normalisedText(path).replace(/[_-]+/g, ' ');
  const byType = new Map<ScheduleType, number>([
    ['DPGF', 0],
    ['BPU', 0],
    ['DQE', 0],
  ]);
  const reasons: string[] = [];
  let shared = 0;
  for (const clue of NAME_CLUES) {
    if (!clue.pattern.test(text)) continue;
    reasons.push(`${clue.reason} (+${clue.points})`);
    if (clue.type) byType.set(clue.type, Math.min(0.7, (byType.get(clue.type) ?? 0) + clue.points));
    else shared += clue.points;
  }
  const [type, points] = [...byType].sort((a, b) => b[1] - a[1])[0];
  return { type, confidence: round(Math.min(1, points + shared)), reasons };
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
