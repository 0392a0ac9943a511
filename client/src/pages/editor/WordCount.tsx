/**
 * Words in the document (or in the selection), refreshed at most twice a second while typing.
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

function describeCount(editor: Editor): { words: number; text: string } {
  const { doc, selection } = editor.state;
  let words = 0;
  doc.forEach((block) => {
    words += blockWords(block);
  });
  const selected = selection.empty ? null : countWords(doc.textBetween(selection.from, selection.to, ' ', ' '));
  const text = `${selected !== null ? `${selected.toLocaleString('en')} of ` : ''}${words.toLocaleString('en')} words`;
  return { words, text };
}

export function WordCount({ editor }: { editor: Editor }) {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const render = () => {
      const el = ref.current;
      if (!el || editor.isDestroyed) return;
      const { words, text } = describeCount(editor);
      if (el.textContent !== text) el.textContent = text;
      el.dataset.words = String(words);
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
      editor.off('update', schedule);
      editor.off('selectionUpdate', schedule);
    };
  }, [editor]);
  return <span ref={ref} className="word-count muted" data-testid="word-count" aria-live="off" />;
}
