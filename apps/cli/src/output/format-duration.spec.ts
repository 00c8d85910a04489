import { formatDuration } from './format-duration';

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [1000, '1.0 s'],
    [4_280, '4.2 s'],
    [42_900, '42 s'],
    [185_000, '3 min 05 s'],
    [2 * 3_600_000 + 4 * 60_000 + 59_000, '2 h 04 min'],
    [3 * 86_400_000 + 4 * 3_600_000, '3 d 4 h'],
    [15 * 60_000, '15 min'],
    [6 * 3_600_000, '6 h'],
    [2 * 86_400_000, '2 d'],
  ])('%d ms reads "%s"', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([null, undefined, -1, Number.NaN])('shows %p as "-"', (ms) => {
    expect(formatDuration(ms)).toBe('-');
  });
});
