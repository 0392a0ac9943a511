/**
 * Wall-clock times in the commission's time zone (TIME_ZONE), for things that
 * happen once a day at a set hour — the email digest (issue 19). Pure: only
 * Intl, which knows the IANA zones and their daylight-saving rules.
 */

/** True when `timeZone` is an IANA zone name Intl knows ("Europe/Brussels", "UTC"). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: number, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
}

/** The instant the zone's wall clock reads `hour`:00 on the given calendar day (the later reading if a shift makes it ambiguous). */
function instantOf(year: number, month: number, day: number, hour: number, timeZone: string): number {
  const asUtc = Date.UTC(year, month - 1, day, hour);
  // Two passes: the offset at the first guess may differ from the offset at the answer around a shift.
  const first = asUtc - offsetAt(asUtc, timeZone);
  return asUtc - offsetAt(first, timeZone);
}

/**
 * The latest moment not after `now` at which the wall clock in `timeZone` read
 * `hour`:00 — today's if that hour has come, else yesterday's.
 */
export function lastDailyMoment(now: Date, hour: number, timeZone: string): Date {
  const w = wallClock(now.getTime(), timeZone);
  let at = instantOf(w.year, w.month, w.day, hour, timeZone);
  if (at > now.getTime()) {
    const yesterday = new Date(Date.UTC(w.year, w.month - 1, w.day - 1));
    at = instantOf(yesterday.getUTCFullYear(), yesterday.getUTCMonth() + 1, yesterday.getUTCDate(), hour, timeZone);
  }
  return new Date(at);
}
