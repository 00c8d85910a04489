/** `12,50`, `-3`: no thousands separator, unit or sign to clean up. */
const PLAIN_DECIMAL = /^-?\d{1,15}(,\d{1,15})?$/;

/**
 * A number as French price schedules write it, or null when the cell holds no number: `1 234,56 €`, `1.234,56`,
 * `12,5 %` (→ 0.125), with ordinary, non-breaking (U+00A0) and narrow non-breaking (U+202F) spaces as thousands
 * separators. A number cell (already a number) is returned as it is.
 */
export function parseFrenchNumber(value: string | number | null): number | null {
  if (value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value.length > MAX_REMEMBERED_LENGTH) return parsedText(value);
  // A schedule writes the same few prices and quantities as text thousands of times: each is parsed once.
  let parsed = parsedByText.get(value);
  if (parsed === undefined) {
    parsed = parsedText(value);
    if (parsedByText.size >= MAX_REMEMBERED_TEXTS) parsedByText.clear();
    parsedByText.set(value, parsed);
  }
  return parsed;
}

const MAX_REMEMBERED_LENGTH = 24;
const MAX_REMEMBERED_TEXTS = 1000;
const parsedByText = new Map<string, number | null>();

function parsedText(value: string): number | null {
  // The common case, `12,50` or `-3`, without the clean-up below.
  if (PLAIN_DECIMAL.test(value)) return Number(value.replace(',', '.'));
  let text = value.trim();
  if (text.length === 0 || text.length > 40) return null;
  const percent = text.endsWith('%');
  text = text
    .replace(/%$/, '')
    .replace(/(€|eur(os?)?|ht|ttc)\s*$/i, '')
    .replace(/[\s\u00a0\u202f\u2009']/g, '');
  const negative = /^[-−]/.test(text) || /^\(.*\)$/.test(text);
  text = text.replace(/^[-−+(]|\)$/g, '');
  if (!/^[\d.,]+$/.test(text) || !/\d/.test(text)) return null;
  const normalised = decimalPoint(text);
  if (normalised === null) return null;
  const parsed = Number(normalised) * (negative ? -1 : 1);
  if (!Number.isFinite(parsed)) return null;
  return percent ? parsed / 100 : parsed;
}

/** The digits with `.` as the only, decimal, separator: the last of `,` and `.` is the decimal one when both appear. */
function decimalPoint(text: string): string | null {
  const lastComma = text.lastIndexOf(',');
  const lastDot = text.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    const decimal = lastComma > lastDot ? ',' : '.';
    const thousands = decimal === ',' ? '.' : ',';
    const [whole, fraction, ...rest] = text.split(decimal);
    if (rest.length > 0) return null;
    return `${whole.split(thousands).join('')}.${fraction}`;
  }
  if (lastComma >= 0) {
    const parts = text.split(',');
    // `1,234,567` only reads as thousands; a single comma is the French decimal comma.
    return parts.length === 2 ? `${parts[0]}.${parts[1]}` : /^\d{1,3}(,\d{3})+$/.test(text) ? parts.join('') : null;
  }
  if (lastDot >= 0) {
    // `1.234.567` is German-style thousands; `1.5` and `1.234` (ambiguous) read as decimals, as Excel's would.
    const parts = text.split('.');
    return parts.length === 2 ? text : /^\d{1,3}(\.\d{3})+$/.test(text) ? parts.join('') : null;
  }
  return text;
}
