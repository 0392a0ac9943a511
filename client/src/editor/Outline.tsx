/**
 * Sidebar of headings; click one to jump there. Recomputed at most a few times
 * a second, and only after a change that touched a heading: typing in a
 * paragraph neither walks the document nor re-renders the outline.
 */
import { useEffect, useState } from 'react';
import type { Editor } from '@tiptap/react';
import type { Transaction } from '@tiptap/pm/state';
import { headingPos, outlineOf, sameOutline, touchesHeadings, type OutlineEntry } from './outline';
import { SectionProgress } from '../consensus/SectionProgress';
import { SectionSignOff } from '../consensus/SectionSignOff';
import { whenIdle } from '../app/idle';
import { consensusStoreOf } from './gutter/consensus-gutter';

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

  function jump(entry: OutlineEntry) {
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
  }

  return (
    <nav className="outline" aria-label="Outline" data-testid="outline">
      <h2 className="panel-title">Outline</h2>
      {entries.length === 0 ? (
        <p className="muted outline__empty">Headings you write appear here.</p>
      ) : (
        <ol className="outline__list">
          {entries.map((entry, index) => (
            <li key={keys[index]} className={`outline__item outline__item--h${Math.min(entry.level, 4)}`}>
              <button onClick={() => jump(entry)} title={entry.text}>
                {entry.text || <span className="muted">(untitled heading)</span>}
              </button>
              <SectionProgress store={store} headingId={entry.id} />
              <SectionSignOff store={store} headingId={entry.id} title={entry.text} />
            </li>
          ))}
        </ol>
      )}
    </nav>
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
