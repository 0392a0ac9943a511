/** Sidebar of headings; click one to jump there. Recomputed at most a few times a second. */
import { useEffect, useState } from 'react';
import type { Editor } from '@tiptap/react';
import { outlineOf, sameOutline, type OutlineEntry } from './outline';
import { SectionProgress } from '../consensus/SectionProgress';

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
    const schedule = ({ transaction }: { transaction: { docChanged: boolean } }) => {
      if (transaction.docChanged && !timer) timer = setTimeout(refresh, REFRESH_MS);
    };
    refresh();
    editor.on('transaction', schedule);
    return () => {
      editor.off('transaction', schedule);
      clearTimeout(timer);
    };
  }, [editor]);

  function jump(entry: OutlineEntry) {
    if (!editor) return;
    const dom = editor.view.nodeDOM(entry.pos);
    if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'start', behavior: 'smooth' });
    if (editor.isEditable) editor.chain().setTextSelection(entry.pos + 1).focus(undefined, { scrollIntoView: false }).run();
  }

  return (
    <nav className="outline" aria-label="Outline" data-testid="outline">
      <h2 className="panel-title">Outline</h2>
      {entries.length === 0 ? (
        <p className="muted outline__empty">Headings you write appear here.</p>
      ) : (
        <ol className="outline__list">
          {entries.map((entry) => (
            <li key={`${entry.pos}`} className={`outline__item outline__item--h${Math.min(entry.level, 4)}`}>
              <button onClick={() => jump(entry)} title={entry.text}>
                {entry.text || <span className="muted">(untitled heading)</span>}
              </button>
              <SectionProgress editor={editor} headingId={entry.id} />
            </li>
          ))}
        </ol>
      )}
    </nav>
  );
}
