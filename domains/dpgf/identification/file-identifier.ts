import type { Identification } from './identification.types';
import { nameScore } from './name-score';

/** Name scores at or above this make a file worth opening (unless deep_scan opens every file). */
export const PROMISING_NAME_SCORE = 0.1;

/** The name score, and whether the content should be looked at too. */
export function identifyByName(path: string, deepScan: boolean): Identification & { examineContent: boolean } {
  const byName = nameScore(path);
  return { ...byName, examineContent: deepScan || byName.confidence >= PROMISING_NAME_SCORE };
}

/**
 * Name and content together: the content's points add to the name's, and a content that reads as a BPU (no
 * quantity column) makes it one whatever the name said. A file whose content holds no price header keeps its
 * name score, halved: a "DPGF brouillon.xlsx" of notes is not a schedule.
 */
export function combine(byName: Identification, byContent: Identification | null): Identification {
  if (!byContent)
    return {
      type: byName.type,
      confidence: Math.round(byName.confidence * 50) / 100,
      reasons: [...byName.reasons, 'no price schedule header in the content (score halved)'],
    };
  const type = byContent.type === 'BPU' ? 'BPU' : byName.confidence > 0 ? byName.type : byContent.type;
  return {
    type,
    confidence: Math.min(1, Math.round((byName.confidence + byContent.confidence) * 100) / 100),
    reasons: [...byName.reasons, ...byContent.reasons],
  };
}
