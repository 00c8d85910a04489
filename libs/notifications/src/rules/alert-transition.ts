/** What the evaluator knows about one rule and one subject (a flow, a run) between passes. */
export interface SubjectState {
  firing: boolean;
  firedAt: number | null;
  lastNotifiedAt: number | null;
  suppressedCount: number;
  /** The (time, id) of the last event applied. */
  lastEventAt: number;
  lastEventId: string;
}

/** One thing the rule saw about the subject: bad (alert-worthy) or good (the condition cleared). */
export interface Observation {
  bad: boolean;
  /** The event's position (a run's updated_at and id; the pass's time for a polled condition). */
  at: number;
  eventId: string;
}

/**
 * `fire`: the subject starts alerting. `repeat`: still alerting, the cooldown is over, say it again.
 * `suppress`: an occurrence inside the cooldown (archived, not delivered). `resolve`: the condition cleared.
 */
export type Decision = 'fire' | 'repeat' | 'suppress' | 'resolve' | 'none';

/**
 * `occurrence`: every bad observation is an event of its own (each failed run, each report): the first one
 * fires, later ones while it still fires are repeated once the cooldown is over and archived quietly before. `condition`: bad observations describe a lasting state (a low score, a
 * silent flow); it is notified when it starts, repeated once per cooldown while it lasts (never with 0).
 */
export type TransitionMode = 'occurrence' | 'condition';

export interface Transition {
  decision: Decision;
  next: SubjectState;
}

/**
 * The alert state machine, pure. An observation older than the last one applied is stale for the state: it
 * may still be an occurrence of its own (a failed run committed late is notified), but it never clears or
 * raises a condition, nor moves the subject's position back.
 */
export function transition(
  state: SubjectState | undefined,
  observation: Observation,
  options: { mode: TransitionMode; cooldownMs: number; now: number },
): Transition {
  const current: SubjectState = state ?? {
    firing: false,
    firedAt: null,
    lastNotifiedAt: null,
    suppressedCount: 0,
    lastEventAt: 0,
    lastEventId: '',
  };
  const stale = !isAfter(observation, current);
  const position = stale ? {} : { lastEventAt: observation.at, lastEventId: observation.eventId };
  const { now, cooldownMs, mode } = options;
  const cooling = current.lastNotifiedAt !== null && now - current.lastNotifiedAt < cooldownMs;

  if (!observation.bad) {
    if (stale || !current.firing) return { decision: 'none', next: { ...current, ...position } };
    return {
      decision: 'resolve',
      next: { ...current, ...position, firing: false, suppressedCount: 0, lastNotifiedAt: now },
    };
  }

  if (mode === 'condition') {
    if (stale) return { decision: 'none', next: current };
    if (!current.firing) {
      return {
        decision: 'fire',
        next: { ...current, ...position, firing: true, firedAt: now, lastNotifiedAt: now, suppressedCount: 0 },
      };
    }
    const repeat = cooldownMs > 0 && !cooling;
    return repeat
      ? { decision: 'repeat', next: { ...current, ...position, lastNotifiedAt: now, suppressedCount: 0 } }
      : { decision: 'none', next: { ...current, ...position } };
  }

  // Occurrence: a new firing is always told; the cooldown only quiets the repeats of one that goes on.
  if (current.firing && cooling) {
    return {
      decision: 'suppress',
      next: { ...current, ...position, suppressedCount: current.suppressedCount + 1 },
    };
  }
  return {
    decision: current.firing ? 'repeat' : 'fire',
    next: {
      ...current,
      ...position,
      firing: true,
      firedAt: current.firing ? current.firedAt : now,
      lastNotifiedAt: now,
      suppressedCount: 0,
    },
  };
}

function isAfter(observation: Observation, state: SubjectState): boolean {
  return (
    observation.at > state.lastEventAt ||
    (observation.at === state.lastEventAt && observation.eventId > state.lastEventId)
  );
}
