/**
 * The outline's rows listen to their own section, not to the whole store: each
 * published view tells only the headings whose counts changed. A status change
 * of one block then wakes one row, however many headings the report has (every
 * row listening to every publish cost each publish a check per row, and the
 * first refresh after the commission's first edits was the longest task of
 * typing with others, issue 11).
 *
 * Finding what changed costs one identity check per section: `patchRollup`
 * keeps every section it did not touch as the same object.
 */
import type { SectionRollup } from '@concord/shared';

type Listener = () => void;

const COUNTS = ['agreed', 'in_review', 'disputed', 'unreviewed', 'stale', 'total'] as const;

function sameCounts(a: SectionRollup, b: SectionRollup): boolean {
  return COUNTS.every((k) => a[k] === b[k]);
}

export class SectionSubscriptions {
  private readonly listeners = new Map<string, Set<Listener>>();
  private sections: readonly SectionRollup[] = [];
  /** Heading id → index in `sections`; rebuilt only when the sections themselves change (a heading added, removed, moved). */
  private indexOf = new Map<string, number>();
  /** What `get` last answered per heading: the same object while the counts stay the same (React compares snapshots by identity). */
  private readonly shown = new Map<string, SectionRollup>();
  /** Listener calls so far (tests count them). */
  notified = 0;

  subscribe(headingId: string, listener: Listener): () => void {
    let set = this.listeners.get(headingId);
    if (!set) this.listeners.set(headingId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size > 0) return;
      this.listeners.delete(headingId);
      this.shown.delete(headingId);
    };
  }

  /** The heading's section as last published, or null (no view yet, or no such heading). */
  get(headingId: string): SectionRollup | null {
    const index = this.indexOf.get(headingId);
    const now = index === undefined ? undefined : this.sections[index];
    if (!now) return (this.shown.delete(headingId), null);
    const shown = this.shown.get(headingId);
    if (shown && sameCounts(shown, now)) return shown;
    this.shown.set(headingId, now);
    return now;
  }

  /** A view was published: tells the listeners of each heading whose counts changed. */
  publish(sections: readonly SectionRollup[] | undefined): void {
    const previous = this.sections;
    const next = sections ?? [];
    if (next === previous) return;
    this.sections = next;
    const changed = sameHeadings(previous, next) ? changedHeadings(previous, next) : this.reindex();
    for (const headingId of changed) {
      const listeners = this.listeners.get(headingId);
      if (!listeners) continue;
      const shown = this.shown.get(headingId);
      const now = this.get(headingId);
      // `get` keeps the shown object when the counts are the same: nothing to draw.
      if (now === shown) continue;
      for (const listener of listeners) {
        this.notified++;
        listener();
      }
    }
  }

  /** After the sections themselves changed: every heading listened to may show something else. */
  private reindex(): Iterable<string> {
    this.indexOf = new Map();
    for (const [i, section] of this.sections.entries()) if (section.headingId !== null) this.indexOf.set(section.headingId, i);
    return [...this.listeners.keys()];
  }
}

/** Whether both lists hold the same headings in the same places (true for every view patched in place). */
function sameHeadings(a: readonly SectionRollup[], b: readonly SectionRollup[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++)
    if (a[i] !== b[i] && (a[i]!.headingId !== b[i]!.headingId || a[i]!.start !== b[i]!.start)) return false;
  return true;
}

function changedHeadings(a: readonly SectionRollup[], b: readonly SectionRollup[]): string[] {
  const changed: string[] = [];
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i] && b[i]!.headingId !== null) changed.push(b[i]!.headingId!);
  return changed;
}
