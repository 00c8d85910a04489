import { describe, expect, it } from 'vitest';
import { cronInWords, everyInWords, scheduleInWords } from './schedule-words';

describe('schedules in words', () => {
  it('says intervals in the largest whole unit', () => {
    expect(everyInWords(900_000)).toBe('every 15 minutes');
    expect(everyInWords(3_600_000)).toBe('every hour');
    expect(everyInWords(6 * 3_600_000)).toBe('every 6 hours');
    expect(everyInWords(1500)).toBe('every 1500 ms');
  });

  it('says the crons deployments use', () => {
    expect(cronInWords('0 2 * * *')).toBe('every day at 02:00');
    expect(cronInWords('*/15 * * * *')).toBe('every 15 minutes');
    expect(cronInWords('0 * * * *')).toBe('every hour at minute 0');
    expect(cronInWords('0 */6 * * *')).toBe('every 6 hours at minute 0');
    expect(cronInWords('0 1 * * 2,5')).toBe('every Tuesday and Friday at 01:00');
    expect(cronInWords('0 3 * * 0')).toBe('every Sunday at 03:00');
    expect(cronInWords('30 6 * * 1-5')).toBe('every Monday to Friday at 06:30');
    expect(cronInWords('0 4 1 * *')).toBe('on day 1 of every month at 04:00');
  });

  it('falls back to the cron itself', () => {
    expect(cronInWords('0 0 1 1 *')).toBe('cron 0 0 1 1 *');
    expect(cronInWords('@daily')).toBe('cron @daily');
  });

  it('says a deployment without a schedule runs on demand', () => {
    expect(scheduleInWords(null)).toBe('on demand only');
    expect(scheduleInWords({ cron: '0 2 * * *', timezone: 'Europe/Paris' })).toBe('every day at 02:00 (Europe/Paris)');
    expect(scheduleInWords({ everyMs: 60_000 })).toBe('every minute');
  });
});
