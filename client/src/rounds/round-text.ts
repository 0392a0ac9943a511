/** How a review round reads to people: pure, so the banner, the list and tests agree. */
import type { RoundSummaryJson } from '@concord/shared';

/** "Fri 14 March", with the year when it is not this year, and the time when it is not midnight — in the reader's time zone. */
export function readableDeadline(iso: string, now = new Date()): string {
  const d = new Date(iso);
  const sameYear = d.getFullYear() === now.getFullYear();
  const day = d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'long', ...(sameYear ? {} : { year: 'numeric' }) });
  const midnight = d.getHours() === 0 && d.getMinutes() === 0;
  return midnight
    ? day.replace(',', '')
    : `${day.replace(',', '')}, ${d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`;
}

/** What a round covers: "Chapter 1", "Chapter 1, Chapter 2 and Chapter 3", or "the whole document". */
export function roundScope(round: Pick<RoundSummaryJson, 'sectionIds' | 'sections'>): string {
  if (round.sectionIds === null) return 'the whole document';
  const titles = round.sections.map((s) => s.title || 'an untitled section');
  return titles.length <= 1 ? (titles[0] ?? 'no section') : `${titles.slice(0, -1).join(', ')} and ${titles[titles.length - 1]}`;
}

/** "12 paragraphs in Chapter 1 need your review by Fri 14 March". */
export function roundAsk(left: number, scope: string, deadline: string, now = new Date()): string {
  const by = readableDeadline(deadline, now);
  if (left === 0) return `You have reviewed everything in ${scope} — the round closes ${by}`;
  return `${left} paragraph${left === 1 ? '' : 's'} in ${scope} need${left === 1 ? 's' : ''} your review by ${by}`;
}
