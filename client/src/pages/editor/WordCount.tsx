/** Words in the document (or in the selection), counted at most twice a second while typing. */
import { useEffect, useState } from 'react';
import type { Editor } from '@tiptap/react';

const COUNT_MS = 500;

export function countWords(text: string): number {
  const words = text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu);
  return words ? words.length : 0;
}

function read(editor: Editor): { words: number; selected: number | null } {
  const { doc, selection } = editor.state;
  const words = countWords(doc.textBetween(0, doc.content.size, ' ', ' '));
  const selected = selection.empty ? null : countWords(doc.textBetween(selection.from, selection.to, ' ', ' '));
  return { words, selected };
}

export function WordCount({ editor }: { editor: Editor }) {
  const [count, setCount] = useState(() => read(editor));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      // Counting a 150-page report per keystroke would cost more than the keystroke.
      timer ??= setTimeout(() => {
        timer = undefined;
        if (!editor.isDestroyed) setCount(read(editor));
      }, COUNT_MS);
    };
    editor.on('update', schedule);
    editor.on('selectionUpdate', schedule);
    return () => {
      clearTimeout(timer);
      editor.off('update', schedule);
      editor.off('selectionUpdate', schedule);
    };
  }, [editor]);
  return (
    <span className="word-count muted" data-testid="word-count" data-words={count.words} aria-live="off">
      {count.selected !== null ? `${count.selected.toLocaleString('en')} of ` : ''}
      {count.words.toLocaleString('en')} words
    </span>
  );
}
