/**
 * Sidebar of headings; click one to jump there. Recomputed at most a few times
 * a second, and only after a change that touched a heading: typing in a
 * paragraph neither walks the document nor re-renders the outline. Each row is
 * drawn again only when its own heading or its section's counts change (a
 * memoised row that listens to its section): a vote or a status change redraws
 * one row, not the outline.
 */
import { memo, useCallback, useEffect, useState } from 'react';
import type { Editor } from '@tiptap/react';
import type { Transaction } from '@tiptap/pm/state';
import { headingPos, outlineOf, sameOutline, touchesHeadings, type OutlineEntry } from './outline';
import { SectionProgress } from '../consensus/SectionProgress';
import { SectionSignOff } from '../consensus/SectionSignOff';
import { whenIdle } from '../app/idle';
import { consensusStoreOf } from './gutter/consensus-gutter';
import { useCanSignOff } from '../consensus/use-consensus';
import type { ConsensusStore } from '../consensus/consensus-store';

const REFRESH_MS = 250;

export function Outline({ editor }: { editor: Editor | null }) {
  const [entries, setEntries] = useState<OutlineEntry[]>([]);

  useEffect(() => {
    if (!editor) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      timer = undefined;
      if (editor.isDestroyed) return;
      const next = outlineOf(editor.state.doc);
      setEntries((prev) => (sameOutline(prev, next) ? prev : next));
    };
    const schedule = ({ transaction }: { transaction: Transaction }) => {
      if (!timer && touchesHeadings(transaction)) timer = setTimeout(refresh, REFRESH_MS);
    };
    // The first outline in idle time: opening the report, the document is drawn first.
    const cancelFirst = whenIdle(refresh);
    editor.on('transaction', schedule);
    return () => {
      cancelFirst();
      editor.off('transaction', schedule);
      clearTimeout(timer);
    };
  }, [editor]);

  const keys = entryKeys(entries);
  const store = consensusStoreOf(editor);
  const canSignOff = useCanSignOff(store);

  const jump = useCallback(
    (entry: OutlineEntry) => {
      if (!editor) return;
      const pos = headingPos(editor.state.doc, entry);
      if (pos === null) return;
      const dom = editor.view.nodeDOM(pos);
      if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'start', behavior: 'smooth' });
      if (editor.isEditable)
        editor
          .chain()
          .setTextSelection(pos + 1)
          .focus(undefined, { scrollIntoView: false })
          .run();
    },
    [editor],
  );

  return (
    <nav className="outline" aria-label="Outline" data-testid="outline">
      <h2 className="panel-title">Outline</h2>
      {entries.length === 0 ? (
        <p className="muted outline__empty">Headings you write appear here.</p>
      ) : (
        <ol className="outline__list">
          {entries.map((entry, index) => (
            <OutlineRow key={keys[index]} entry={entry} store={store} canSignOff={canSignOff} onJump={jump} />
          ))}
        </ol>
      )}
    </nav>
  );
}

interface RowProps {
  entry: OutlineEntry;
  store: ConsensusStore | null;
  canSignOff: boolean;
  onJump: (entry: OutlineEntry) => void;
}

/** One heading: its link, its section's progress and sign-off. Its counts it reads itself (`SectionProgress`). */
export const OutlineRow = memo(function OutlineRow({ entry, store, canSignOff, onJump }: RowProps) {
  return (
    <li className={`outline__item outline__item--h${Math.min(entry.level, 4)}`}>
      <button onClick={() => onJump(entry)} title={entry.text}>
        {entry.text || <span className="muted">(untitled heading)</span>}
      </button>
      <SectionProgress store={store} headingId={entry.id} />
      <SectionSignOff store={store} headingId={entry.id} title={entry.text} canSignOff={canSignOff} />
    </li>
  );
}, sameRow);

/**
 * A new outline (a heading edited) gives every entry a new object: rows compare what they show.
 * The position matters only to a heading without id (`headingPos` finds the others by id).
 */
function sameRow(a: RowProps, b: RowProps): boolean {
  return (
    a.store === b.store &&
    a.canSignOff === b.canSignOff &&
    a.onJump === b.onJump &&
    a.entry.id === b.entry.id &&
    a.entry.level === b.entry.level &&
    a.entry.text === b.entry.text &&
    (a.entry.id !== null || a.entry.pos === b.entry.pos)
  );
}

/** Keyed by heading id: a key by position would change for every heading below the caret at each keystroke. */
function entryKeys(entries: readonly OutlineEntry[]): string[] {
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const key = entry.id !== null && !seen.has(entry.id) ? entry.id : `#${index}`;
    seen.add(key);
    return key;
  });
}
