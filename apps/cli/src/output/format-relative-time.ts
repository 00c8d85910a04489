const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * An instant relative to `now`: `just now`, `42 s ago`, `5 min ago`, `3 h ago`, `2 d ago`, `in 5 min`; beyond
 * 30 days the date (YYYY-MM-DD, UTC); `-` for none.
 */
export function formatRelativeTime(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return '-';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const delta = now - at;
  const distance = Math.abs(delta);
  if (distance < 5000) return 'just now';
  let amount: string;
  if (distance < MINUTE) amount = `${Math.floor(distance / 1000)} s`;
  else if (distance < HOUR) amount = `${Math.floor(distance / MINUTE)} min`;
  else if (distance < DAY) amount = `${Math.floor(distance / HOUR)} h`;
  else if (distance < 30 * DAY) amount = `${Math.floor(distance / DAY)} d`;
  else return new Date(at).toISOString().slice(0, 10);
  return delta >= 0 ? `${amount} ago` : `in ${amount}`;
}
