/** A duration for people: `850 ms`, `4.2 s`, `42 s`, `3 min 05 s`, `2 h 04 min`, `3 d 4 h`; `-` for none. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 10) return `${(Math.floor(seconds * 10) / 10).toFixed(1)} s`;
  if (seconds < 60) return `${Math.floor(seconds)} s`;
  const totalSeconds = Math.floor(seconds);
  const minutes = Math.floor(totalSeconds / 60);
  // A round figure reads without its zero remainder ("every 15 min", not "every 15 min 00 s").
  if (minutes < 60)
    return totalSeconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${twoDigits(totalSeconds % 60)} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${twoDigits(minutes % 60)} min`;
  return hours % 24 === 0 ? `${Math.floor(hours / 24)} d` : `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}
