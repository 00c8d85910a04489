import { readStalls } from './stall-ledger';

describe('readStalls', () => {
  it('reads nothing on a delivery that follows no stall, and writes nothing', () => {
    expect(readStalls({ attemptsMade: 0, stalledCounter: 0 }, undefined)).toEqual({
      resumed: false,
      stalls: 0,
      update: null,
    });
    // A parent woken by its children, after an earlier stall already seen: not a resumption.
    expect(readStalls({ attemptsMade: 0, stalledCounter: 1 }, { attempt: 0, base: 0, seen: 1 })).toMatchObject({
      resumed: false,
      stalls: 1,
    });
  });

  it('counts the stalls of the current attempt and records each one seen', () => {
    const first = readStalls({ attemptsMade: 0, stalledCounter: 1 }, undefined);
    expect(first).toEqual({ resumed: true, stalls: 1, update: { attempt: 0, base: 0, seen: 1 } });
    const second = readStalls({ attemptsMade: 0, stalledCounter: 2 }, first.update ?? undefined);
    expect(second).toEqual({ resumed: true, stalls: 2, update: { attempt: 0, base: 0, seen: 2 } });
  });

  it('starts a new attempt from zero: stalls of an earlier attempt are not charged again', () => {
    const ledger = { attempt: 0, base: 0, seen: 2 };
    expect(readStalls({ attemptsMade: 1, stalledCounter: 2 }, ledger)).toEqual({
      resumed: false,
      stalls: 0,
      update: null,
    });
    expect(readStalls({ attemptsMade: 1, stalledCounter: 3 }, ledger)).toEqual({
      resumed: true,
      stalls: 1,
      update: { attempt: 1, base: 2, seen: 3 },
    });
  });
});
