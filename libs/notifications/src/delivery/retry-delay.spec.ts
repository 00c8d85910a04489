import { retryDelay } from './retry-delay';

describe('retryDelay', () => {
  it('doubles per failed attempt, between half and all of the step', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelay(attempt, 1000, 60_000, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((attempt) => retryDelay(attempt, 1000, 60_000, () => 0))).toEqual([500, 1000, 2000, 4000]);
  });

  it('never exceeds the ceiling, even after many attempts', () => {
    expect(retryDelay(200, 1000, 60_000, () => 1)).toBe(60_000);
  });
});
