import type { DeploymentSummary } from '../api/types';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** 900000 → "every 15 minutes". */
export function everyInWords(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1_000, 'second'],
  ];
  for (const [size, unit] of units) {
    if (ms >= size && ms % size === 0) {
      const count = ms / size;
      return count === 1 ? `every ${unit}` : `every ${count} ${unit}s`;
    }
  }
  return `every ${ms} ms`;
}

function time(hour: string, minute: string): string {
  return `${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`;
}

function dayList(field: string): string | null {
  if (!/^[0-7](,[0-7])*$/.test(field) && !/^[0-7]-[0-7]$/.test(field)) return null;
  if (field.includes('-')) {
    const [from, to] = field.split('-').map(Number);
    return `${DAYS[from % 7]} to ${DAYS[to % 7]}`;
  }
  const names = field.split(',').map((day) => DAYS[Number(day) % 7]);
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * A five-field cron in words for the patterns deployments use ("0 2 * * *" → "every day at 02:00"); anything
 * else is shown as the cron itself.
 */
export function cronInWords(cron: string): string {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return `cron ${cron}`;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields;
  const numeric = (field: string) => /^\d+$/.test(field);
  if (month !== '*') return `cron ${cron}`;
  const step = /^\*\/(\d+)$/;
  if (hour === '*' && dayOfMonth === '*' && dayOfWeek === '*') {
    if (minute === '*') return 'every minute';
    const everyMinutes = step.exec(minute);
    if (everyMinutes) return everyInWords(Number(everyMinutes[1]) * 60_000);
    if (numeric(minute)) return `every hour at minute ${minute}`;
  }
  if (numeric(minute) && dayOfMonth === '*' && dayOfWeek === '*') {
    const everyHours = step.exec(hour);
    if (everyHours) return `${everyInWords(Number(everyHours[1]) * 3_600_000)} at minute ${minute}`;
  }
  if (!numeric(minute) || !numeric(hour)) return `cron ${cron}`;
  const at = time(hour, minute);
  if (dayOfMonth === '*' && dayOfWeek === '*') return `every day at ${at}`;
  if (dayOfMonth === '*') {
    const days = dayList(dayOfWeek);
    return days ? `every ${days} at ${at}` : `cron ${cron}`;
  }
  if (numeric(dayOfMonth) && dayOfWeek === '*') return `on day ${dayOfMonth} of every month at ${at}`;
  return `cron ${cron}`;
}

/** A deployment's schedule in words, with its time zone when it has a cron. */
export function scheduleInWords(schedule: DeploymentSummary['schedule']): string {
  if (schedule === null) return 'on demand only';
  if ('everyMs' in schedule) return everyInWords(schedule.everyMs);
  return `${cronInWords(schedule.cron)} (${schedule.timezone})`;
}
