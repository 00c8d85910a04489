import type { CreatedWindow } from '@relais/persistence';
import { invalidRequest } from '../errors/invalid-request';
import type { StatsQuery } from './stats.query';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DEFAULT_WINDOW_MS = 24 * UNIT_MS.h;

/** The window a stats query asks for: [from, to), by default the 24 hours before now. */
export function statsWindowOf(query: StatsQuery, now = Date.now()): CreatedWindow {
  if (query.from !== undefined && query.window !== undefined) {
    throw invalidRequest({ window: ['give either window or from, not both'] });
  }
  const to = query.to === undefined ? now : Date.parse(query.to);
  const from = query.from === undefined ? to - windowMs(query.window) : Date.parse(query.from);
  if (from >= to) throw invalidRequest({ from: ['from must be before to'] });
  return { from, to };
}

function windowMs(window: string | undefined): number {
  if (window === undefined) return DEFAULT_WINDOW_MS;
  const unit = window.slice(-1) as keyof typeof UNIT_MS;
  return Number(window.slice(0, -1)) * UNIT_MS[unit];
}
