import { describe, expect, it } from 'vitest';
import { isTimeZone, lastDailyMoment } from '../../src/time/daily-moment.js';

const at = (iso: string) => new Date(iso);

describe('lastDailyMoment', () => {
  it('is today at the hour once it has come, else yesterday at the hour (UTC)', () => {
    expect(lastDailyMoment(at('2031-03-14T09:30:00Z'), 8, 'UTC').toISOString()).toBe('2031-03-14T08:00:00.000Z');
    expect(lastDailyMoment(at('2031-03-14T08:00:00Z'), 8, 'UTC').toISOString()).toBe('2031-03-14T08:00:00.000Z');
    expect(lastDailyMoment(at('2031-03-14T07:59:59Z'), 8, 'UTC').toISOString()).toBe('2031-03-13T08:00:00.000Z');
    expect(lastDailyMoment(at('2031-01-01T00:10:00Z'), 8, 'UTC').toISOString()).toBe('2030-12-31T08:00:00.000Z');
  });

  it('reads the hour on the commission’s wall clock, daylight saving included', () => {
    // Brussels: UTC+1 in winter, UTC+2 in summer (from the last Sunday of March).
    expect(lastDailyMoment(at('2031-01-15T12:00:00Z'), 8, 'Europe/Brussels').toISOString()).toBe('2031-01-15T07:00:00.000Z');
    expect(lastDailyMoment(at('2031-07-15T12:00:00Z'), 8, 'Europe/Brussels').toISOString()).toBe('2031-07-15T06:00:00.000Z');
    // 06:30 UTC is 07:30 in Brussels in winter: before 08:00 there, so yesterday's.
    expect(lastDailyMoment(at('2031-01-15T06:30:00Z'), 8, 'Europe/Brussels').toISOString()).toBe('2031-01-14T07:00:00.000Z');
    // The day the clocks go forward (30 March 2031): 08:00 is already summer time.
    expect(lastDailyMoment(at('2031-03-30T12:00:00Z'), 8, 'Europe/Brussels').toISOString()).toBe('2031-03-30T06:00:00.000Z');
    // West of UTC, where the local day starts later: 22:00 UTC on the 15th is 18:00 on the 15th in New York (EDT).
    expect(lastDailyMoment(at('2031-07-15T22:00:00Z'), 20, 'America/New_York').toISOString()).toBe('2031-07-15T00:00:00.000Z');
  });

  it('knows zone names', () => {
    expect(isTimeZone('Europe/Brussels')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
