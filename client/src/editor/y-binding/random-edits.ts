/** Seeded random edits for the binding's tests: what three collaborators might do to a report. */
import type { Editor } from '@tiptap/core';
import type { Peer } from './test-peers';

/** Small deterministic generator (mulberry32), for the editor's randomised tests. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

/** A random position inside some text block. */
function textPos(editor: Editor, r: ReturnType<typeof random>): number {
  const spots: [number, number][] = [];
  editor.state.doc.descendants((node, pos) => {
    if (node.isTextblock) spots.push([pos + 1, pos + 1 + node.content.size]);
    return !node.isTextblock;
  });
  const [from, to] = r.pick(spots);
  return from + r.int(to - from + 1);
}

// No astral characters: a random deletion can split a surrogate pair, which Yjs and ProseMirror repair differently (not the binding's doing).
const WORDS = ['agreed ', 'wages ', 'x', 'the commission ', 'ß', 'é'];

export function randomEdit(peer: Peer, r: ReturnType<typeof random>): string {
  const { editor } = peer;
  const op = r.int(10);
  const at = textPos(editor, r);
  editor.commands.setTextSelection(at);
  switch (op) {
    case 0:
    case 1:
    case 2:
      editor.commands.insertContent(r.pick(WORDS));
      return 'insert';
    case 3: {
      const to = Math.min(editor.state.doc.content.size - 1, at + 1 + r.int(12));
      editor.commands.deleteRange({ from: at, to: Math.max(at, to) });
      return 'delete';
    }
    case 4:
      editor.commands.splitBlock();
      return 'split';
    case 5: {
      const $at = editor.state.doc.resolve(at);
      editor.commands.setTextSelection($at.start());
      editor.commands.joinBackward();
      return 'join';
    }
    case 6: {
      const to = Math.min(editor.state.doc.resolve(at).end(), at + 1 + r.int(8));
      editor.commands.setTextSelection({ from: at, to });
      editor
        .chain()
        .toggleMark(r.pick(['bold', 'italic']))
        .run();
      return 'mark';
    }
    case 7:
      editor.commands.undo();
      return 'undo';
    case 8:
      editor.commands.redo();
      return 'redo';
    default:
      editor.commands.insertContent(`<p>new ${r.int(100)}</p>`);
      return 'paragraph';
  }
}

export const START =
  '<h2>Findings</h2><p>Alpha beta gamma.</p><ul><li><p>One</p></li><li><p>Two</p></li></ul><blockquote><p>Quoted.</p></blockquote><p>Last words here.</p>';
