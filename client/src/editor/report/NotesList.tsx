/**
 * The notes of the document, numbered as in the text and in every export,
 * after the document's last paragraph. Refreshed a quarter second after the
 * document stops changing. A number takes the reader back to where the note is cited.
 */
import { useEffect, useState } from 'react';
import type { Editor } from '@tiptap/react';
import { editorNotes, type EditorNote } from './report-numbers';
import { whenIdle } from '../../app/idle';
import { OPEN_FOOTNOTE_EVENT } from './footnote-view';

const REFRESH_MS = 250;

export function NotesList({ editor }: { editor: Editor }) {
  // Below the document: found in idle time once the document is up, not while it is drawn first.
  const [notes, setNotes] = useState<EditorNote[]>([]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onUpdate = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        setNotes(editorNotes(editor.state.doc));
      }, REFRESH_MS);
    };
    editor.on('update', onUpdate);
    const cancelFirst = whenIdle(() => {
      if (!editor.isDestroyed) setNotes(editorNotes(editor.state.doc));
    });
    return () => {
      cancelFirst();
      clearTimeout(timer);
      editor.off('update', onUpdate);
    };
  }, [editor]);

  if (notes.length === 0) return null;
  const show = (note: EditorNote) => {
    const dom = editor.view.nodeDOM(note.pos);
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
