import { formatRelativeTime } from './format-relative-time';

const NOW = Date.parse('2026-03-10T12:00:00.000Z');
const at = (offsetMs: number): string => new Date(NOW + offsetMs).toISOString();

describe('formatRelativeTime', () => {
  it.each([
    [-2_000, 'just now'],
    [-42_000, '42 s ago'],
    [-5 * 60_000, '5 min ago'],
    [-3 * 3_600_000 - 59 * 60_000, '3 h ago'],
    [-2 * 86_400_000, '2 d ago'],
    [5 * 60_000 + 1_000, 'in 5 min'],
    [6 * 3_600_000, 'in 6 h'],
  ])('an instant %d ms away reads "%s"', (offset, text) => {
    expect(formatRelativeTime(at(offset), NOW)).toBe(text);
  });

  it('gives the date beyond 30 days', () => {
    expect(formatRelativeTime('2025-12-01T08:00:00.000Z', NOW)).toBe('2025-12-01');
  });

  it('shows no time as "-" and an unparsable one as it came', () => {
    expect(formatRelativeTime(null, NOW)).toBe('-');
    expect(formatRelativeTime('soon', NOW)).toBe('soon');
  });
});
