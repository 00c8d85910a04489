import { transition, type Observation, type SubjectState } from './alert-transition';

const bad = (at: number, eventId = `e${at}`): Observation => ({ bad: true, at, eventId });
const good = (at: number, eventId = `e${at}`): Observation => ({ bad: false, at, eventId });

/** Applies observations in order at the given times; returns the decisions. */
function play(
  steps: { observation: Observation; now: number }[],
  mode: 'occurrence' | 'condition',
  cooldownMs: number,
): { decisions: string[]; state: SubjectState | undefined } {
  let state: SubjectState | undefined;
  const decisions: string[] = [];
  for (const { observation, now } of steps) {
    const result = transition(state, observation, { mode, cooldownMs, now });
    decisions.push(result.decision);
    state = result.next;
  }
  return { decisions, state };
}

describe('transition (occurrences: failed runs, reports)', () => {
  it('fires on the first failure, quiets repeats inside the cooldown, repeats after it, resolves on success', () => {
    const { decisions, state } = play(
      [
        { observation: bad(100), now: 1000 },
        { observation: bad(200), now: 1100 },
        { observation: bad(300), now: 1200 },
        { observation: bad(400), now: 2000 },
        { observation: good(500), now: 2100 },
      ],
      'occurrence',
      1000,
    );
    expect(decisions).toEqual(['fire', 'suppress', 'suppress', 'repeat', 'resolve']);
    expect(state).toMatchObject({ firing: false, lastEventAt: 500, suppressedCount: 0 });
  });

  it('counts the occurrences the cooldown held back until the next notification', () => {
    const { state } = play(
      [
        { observation: bad(1), now: 10 },
        { observation: bad(2), now: 11 },
        { observation: bad(3), now: 12 },
      ],
      'occurrence',
      1000,
    );
    expect(state?.suppressedCount).toBe(2);
  });

  it('fires again after a resolution even inside the cooldown: a new firing is always told', () => {
    const { decisions } = play(
      [
        { observation: bad(1), now: 10 },
        { observation: good(2), now: 11 },
        { observation: bad(3), now: 12 },
      ],
      'occurrence',
      60_000,
    );
    expect(decisions).toEqual(['fire', 'resolve', 'fire']);
  });

  it('ignores a success older than the last event applied (a stale read cannot resolve a newer failure)', () => {
    const { decisions, state } = play(
      [
        { observation: bad(500), now: 10 },
        { observation: good(400), now: 11 },
      ],
      'occurrence',
      0,
    );
    expect(decisions).toEqual(['fire', 'none']);
    expect(state).toMatchObject({ firing: true, lastEventAt: 500 });
  });

  it('still notifies a failure committed late, without moving the position back', () => {
    const { decisions, state } = play(
      [
        { observation: good(500), now: 10 },
        { observation: bad(400), now: 11 },
      ],
      'occurrence',
      0,
    );
    expect(decisions).toEqual(['none', 'fire']);
    expect(state?.lastEventAt).toBe(500);
  });

  it('orders events of the same millisecond by id', () => {
    const first = transition(undefined, bad(5, 'b'), { mode: 'occurrence', cooldownMs: 0, now: 1 });
    expect(transition(first.next, good(5, 'a'), { mode: 'occurrence', cooldownMs: 0, now: 2 }).decision).toBe('none');
    expect(transition(first.next, good(5, 'c'), { mode: 'occurrence', cooldownMs: 0, now: 2 }).decision).toBe(
      'resolve',
    );
  });
});

describe('transition (conditions: low health, silent flow, long run)', () => {
  it('fires once, stays quiet while it lasts, repeats once per cooldown, resolves when it clears', () => {
    const { decisions } = play(
      [
        { observation: bad(1), now: 0 },
        { observation: bad(2), now: 500 },
        { observation: bad(3), now: 1000 },
        { observation: bad(4), now: 1500 },
        { observation: good(5), now: 1600 },
        { observation: good(6), now: 1700 },
      ],
      'condition',
      1000,
    );
    expect(decisions).toEqual(['fire', 'none', 'repeat', 'none', 'resolve', 'none']);
  });

  it('never repeats with a cooldown of 0', () => {
    const { decisions } = play(
      [
        { observation: bad(1), now: 0 },
        { observation: bad(2), now: 10_000_000 },
      ],
      'condition',
      0,
    );
    expect(decisions).toEqual(['fire', 'none']);
  });

  it('ignores a stale bad reading after a newer good one', () => {
    const { decisions, state } = play(
      [
        { observation: good(10), now: 0 },
        { observation: bad(5), now: 1 },
      ],
      'condition',
      0,
    );
    expect(decisions).toEqual(['none', 'none']);
    expect(state?.firing).toBe(false);
  });
});
