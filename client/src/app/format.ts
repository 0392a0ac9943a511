// Intl formatters are costly to build (~0.1–1 ms each) and the comments panel formats a time for
// every comment of a ~300-thread report on open (0.6 s of an open profile, issue 11): build once.
let relative: Intl.RelativeTimeFormat | undefined;
let longDate: Intl.DateTimeFormat | undefined;

/** "3 minutes ago", "yesterday", "12 March 2026". */
export function relativeTime(value: string | number, now = Date.now()): string {
  const time = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(time)) return '';
  const seconds = Math.round((now - time) / 1000);
  const rtf = (relative ??= new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }));
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return rtf.format(-Math.round(seconds / 60), 'minute');
  if (seconds < 86400) return rtf.format(-Math.round(seconds / 3600), 'hour');
  if (seconds < 7 * 86400) return rtf.format(-Math.round(seconds / 86400), 'day');
  longDate ??= new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' });
  return longDate.format(new Date(time));
}

// `n.toLocaleString()` builds a number format on every call; the status line counts at every keystroke.
let wholeNumber: Intl.NumberFormat | undefined;

export function plural(n: number, one: string, many = one + 's'): string {
  return `${(wholeNumber ??= new Intl.NumberFormat()).format(n)} ${n === 1 ? one : many}`;
}
