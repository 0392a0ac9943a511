/**
 * The notes of the document, numbered as in the text and in every export,
 * after the document's last paragraph. Refreshed a quarter second after a
 * change that touched a note, in idle time: typing elsewhere walks nothing (a
 * walk of the 150-page report that ran between a keydown and its paint delayed
 * that paint). A number takes the reader back to where the note is cited.
 */
import { useEffect, useState } from 'react';
import type { Editor } from '@tiptap/react';
import type { Transaction } from '@tiptap/pm/state';
import { editorNotes, type EditorNote } from './report-numbers';
import { touches } from '../changed-ranges';
import { whenIdle } from '../../app/idle';
import { OPEN_FOOTNOTE_EVENT } from './footnote-view';

const REFRESH_MS = 250;

export function NotesList({ editor }: { editor: Editor }) {
  // Below the document: found in idle time once the document is up, not while it is drawn first.
  const [notes, setNotes] = useState<EditorNote[]>([]);
  useEffect(() => {
    let cancel: (() => void) | undefined;
    const refresh = () => {
      cancel = undefined;
      if (!editor.isDestroyed) setNotes(editorNotes(editor.state.doc));
    };
    const onUpdate = ({ transaction }: { transaction: Transaction }) => {
      if (cancel || !touches(transaction, (node) => (node.type.name === 'footnote' ? 'touched' : 'descend'))) return;
      const timer = setTimeout(() => (cancel = whenIdle(refresh)), REFRESH_MS);
      cancel = () => clearTimeout(timer);
    };
    editor.on('update', onUpdate);
    const cancelFirst = whenIdle(refresh);
    return () => {
      cancelFirst();
      cancel?.();
      editor.off('update', onUpdate);
    };
  }, [editor]);

  if (notes.length === 0) return null;
  const show = (note: EditorNote) => {
    // Typing before a note moves it without refreshing the list: find it now.
    const pos = editorNotes(editor.state.doc).find((n) => n.number === note.number)?.pos;
    if (pos === undefined) return;
    const dom = editor.view.nodeDOM(pos);
    if (!(dom instanceof HTMLElement)) return;
    dom.scrollIntoView({ block: 'center' });
    dom.dispatchEvent(new CustomEvent(OPEN_FOOTNOTE_EVENT));
  };
  return (
    <section className="notes-list" aria-label="Notes" data-testid="notes-list">
      <h2 className="notes-list__title">Notes</h2>
      <ol>
        {notes.map((note) => (
          <li key={`${note.number}:${note.pos}`} value={note.number} data-testid="notes-list-item">
            <button type="button" className="notes-list__number" onClick={() => show(note)} title="Show where this note is cited">
              {note.number}
            </button>{' '}
            <span className="notes-list__text">{note.text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
