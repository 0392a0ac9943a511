/**
 * Words in the document (or in the selection), refreshed at most twice a second while typing,
 * counted in idle time.
 *
 * Why it is built this way: on the 150-page report a whole-document count plus a React
 * re-render every 500 ms cost ~1.6 s of a typing profile (issue 11). Top-level ProseMirror
 * nodes are immutable and the binding keeps unchanged blocks' node objects, so counting per
 * block through a WeakMap makes each refresh cost what changed; the number is written into
 * the DOM directly so no React commit (which walks the focused editor's DOM) happens.
 */
import { useEffect, useRef } from 'react';
import type { Editor } from '@tiptap/react';
import type { Node as PMNode } from '@tiptap/pm/model';
import { inIdleSlices } from '../../app/idle';

const COUNT_MS = 500;

function countWords(text: string): number {
  const words = text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu);
  return words ? words.length : 0;
}

const wordsPerBlock = new WeakMap<PMNode, number>();

function blockWords(block: PMNode): number {
  let words = wordsPerBlock.get(block);
  if (words === undefined) {
    words = countWords(block.textBetween(0, block.content.size, ' ', ' '));
    wordsPerBlock.set(block, words);
  }
  return words;
}

/**
 * The words of `doc`, counted in idle slices (a block counted once costs nothing after); `done`
 * gets the total. Opening the 150-page report, counting its ~75,000 words at once held the page
 * for a long task before the text could be typed in.
 */
function countInSlices(doc: PMNode, done: (words: number) => void): () => void {
  let index = 0;
  let words = 0;
  return inIdleSlices((deadline) => {
    while (index < doc.childCount) {
      words += blockWords(doc.child(index++));
      if (index % 32 === 0 && performance.now() > deadline) return false;
    }
    done(words);
    return true;
  });
}

function describeCount(words: number, editor: Editor): string {
  const { doc, selection } = editor.state;
  const selected = selection.empty ? null : countWords(doc.textBetween(selection.from, selection.to, ' ', ' '));
  return `${selected !== null ? `${selected.toLocaleString('en')} of ` : ''}${words.toLocaleString('en')} words`;
}

export function WordCount({ editor }: { editor: Editor }) {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let counting: (() => void) | undefined;
    const render = () => {
      counting?.();
      if (editor.isDestroyed) return;
      counting = countInSlices(editor.state.doc, (words) => {
        counting = undefined;
        const el = ref.current;
        if (!el || editor.isDestroyed) return;
        const text = describeCount(words, editor);
        if (el.textContent !== text) el.textContent = text;
        el.dataset.words = String(words);
      });
    };
    const schedule = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        render();
      }, COUNT_MS);
    };
    render();
    editor.on('update', schedule);
    editor.on('selectionUpdate', schedule);
    return () => {
      clearTimeout(timer);
      counting?.();
      editor.off('update', schedule);
      editor.off('selectionUpdate', schedule);
    };
  }, [editor]);
  return <span ref={ref} className="word-count muted" data-testid="word-count" aria-live="off" />;
}
