/** How a section number is written: `1.2.3` (numeric, one level per part), `A.` (letter), `IV.` (roman). */
export type NumberingStyle = 'numeric' | 'letter' | 'roman';

export interface SectionNumber {
  /** The number as written, without its trailing dot or parenthesis. */
  text: string;
  style: NumberingStyle;
  /** Levels the number itself spells: `1.2.3` → 3; a letter or roman numeral → 1. */
  depth: number;
}

const NUMERIC = /^(\d{1,3})((?:\.\d{1,3}){0,6})\.?$/;
const ROMAN = /^(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})[.)]?$/;
const LETTER = /^([A-Z])[.)]$|^([A-Z])$/;

/**
 * The section number a cell (or the start of a designation) holds, or null. `styles` are the styles seen so far
 * in the lot: a lone `I`, `V` or `X` is a roman numeral only once roman numbering is in use or no letters are.
 */
export function sectionNumberOf(text: string, styles: readonly NumberingStyle[]): SectionNumber | null {
  const token = text.trim().replace(/\s+/g, '');
  if (token.length === 0 || token.length > 24) return null;
  const numeric = NUMERIC.exec(token);
  if (numeric) {
    const cleaned = token.replace(/\.$/, '');
    return { text: cleaned, style: 'numeric', depth: cleaned.split('.').length };
  }
  const upper = token.toUpperCase();
  if (token !== upper) return null;
  const single = upper.replace(/[.)]$/, '');
  const romanPreferred = single.length > 1 || styles.includes('roman') || !styles.includes('letter');
  if (ROMAN.test(upper) && (single.length > 1 || (/^[IVX]$/.test(single) && romanPreferred)))
    return { text: single, style: 'roman', depth: 1 };
  if (LETTER.test(upper)) return { text: single, style: 'letter', depth: 1 };
  return null;
}

/** A number at the start of a title (`A. TERRASSEMENTS`, `1.2 - Béton`): the number and the rest of the title. */
export function leadingSectionNumber(
  title: string,
  styles: readonly NumberingStyle[],
): { number: SectionNumber; rest: string } | null {
  const match = /^\s*([0-9A-Z]{1,3}(?:\.[0-9]{1,3}){0,6}[.)]?)\s*[-–:]?\s+(\S.*)$/s.exec(title);
  if (!match) return null;
  const number = sectionNumberOf(match[1], styles);
  // `1 234` or a bare capital starting a sentence (`A reporter`) is not a numbered title.
  if (!number || (number.style !== 'numeric' && !/[.)]$/.test(match[1]))) return null;
  return { number, rest: match[2].trim() };
}

/**
 * Levels across styles: the first style met in a lot is the top; each style met later nests inside those met
 * before (roman `I.` then `A.` then `1.1` gives levels 1, 2, then 3 and 4).
 */
export class SectionLevels {
  private readonly order: NumberingStyle[] = [];

  get styles(): readonly NumberingStyle[] {
    return this.order;
  }

  levelOf(number: SectionNumber): number {
    if (!this.order.includes(number.style)) this.order.push(number.style);
    return this.order.indexOf(number.style) + number.depth;
  }
}
