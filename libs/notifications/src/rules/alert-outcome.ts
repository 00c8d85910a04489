import type { NotificationDraft } from '../model/notification';
import type { AlertRule } from './alert-rule';
import {
  transition,
  type Decision,
  type Observation,
  type SubjectState,
  type TransitionMode,
} from './alert-transition';

/** A notification a pass decided on, stored with the pass's state; suppressed ones are archived, not sent. */
export interface DecidedNotification {
  draft: NotificationDraft;
  suppressed: boolean;
  rule: AlertRule;
}

/**
 * The alert states a pass reads and changes: loaded once, updated in memory as events are applied in order,
 * and written with the notifications they produced (AlertStateStore.commit).
 */
export class StateBook {
  private readonly states: Map<string, SubjectState>;
  private readonly changed = new Map<string, { ruleId: string; subject: string; state: SubjectState | null }>();

  constructor(states: Iterable<{ ruleId: string; subject: string; state: SubjectState }>) {
    this.states = new Map([...states].map(({ ruleId, subject, state }) => [key(ruleId, subject), state]));
  }

  get(ruleId: string, subject: string): SubjectState | undefined {
    return this.states.get(key(ruleId, subject));
  }

  /** Records the state; `persist` false keeps it for the rest of the pass only (nothing worth a write). */
  set(ruleId: string, subject: string, state: SubjectState, persist = true): void {
    this.states.set(key(ruleId, subject), state);
    if (persist) this.changed.set(key(ruleId, subject), { ruleId, subject, state });
  }

  delete(ruleId: string, subject: string): void {
    this.states.delete(key(ruleId, subject));
    this.changed.set(key(ruleId, subject), { ruleId, subject, state: null });
  }

  /** Subjects of a rule that are firing. */
  firing(ruleId: string): string[] {
    const prefix = key(ruleId, '');
    return [...this.states.entries()]
      .filter(([stateKey, state]) => stateKey.startsWith(prefix) && state.firing)
      .map(([stateKey]) => stateKey.slice(prefix.length));
  }

  /** The changes since the last call (null: delete), and forgets them. */
  takeChanges(): { ruleId: string; subject: string; state: SubjectState | null }[] {
    const changes = [...this.changed.values()];
    this.changed.clear();
    return changes;
  }
}

/** Renders the notification of a decision; `before` is the subject's state before the observation. */
export type Render = (decision: Exclude<Decision, 'none'>, before: SubjectState | undefined) => NotificationDraft;

/**
 * Applies one observation of `rule` about `subject` to the book and returns the notification it calls for, if
 * any (suppressed ones included: they are archived so that the occurrence is never counted again).
 */
export function observe(
  book: StateBook,
  rule: AlertRule,
  subject: string,
  observation: Observation,
  mode: TransitionMode,
  now: number,
  render: Render,
): DecidedNotification | null {
  const before = book.get(rule.id, subject);
  const { decision, next } = transition(before, observation, { mode, cooldownMs: rule.cooldownMs, now });
  // A 'none' changes at most the subject's position. Kept for events (a stale reading re-read in the overlap
  // must not count again) when the subject has a stored state; not for polled rules (`eventId` ''), which
  // would otherwise write every rule's state on every pass.
  const positionMoved = next.lastEventAt !== before?.lastEventAt || next.lastEventId !== before.lastEventId;
  const persist = decision !== 'none' || (before !== undefined && observation.eventId !== '' && positionMoved);
  book.set(rule.id, subject, next, persist);
  if (decision === 'none') return null;
  const draft = render(decision, before);
  return {
    draft: { ...draft, ruleId: rule.id, channels: rule.channels ?? undefined },
    suppressed: decision === 'suppress',
    rule,
  };
}

function key(ruleId: string, subject: string): string {
  return `${ruleId}\n${subject}`;
}
