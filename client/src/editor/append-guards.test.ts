// @vitest-environment happy-dom
/**
 * The guarded appendTransaction hooks (append-guards.ts) do what the stock ones do — ids for
 * split and new blocks, broken tables fixed, links autolinked, a cleared document cleared — and
 * a keystroke inside a paragraph runs none of their document scans, on 300 blocks as on 1,500.
 * Two editors take the same random edits, one guarded, one not: their documents stay equal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Editor } from '@tiptap/core';
import { concordExtensions } from '@concord/shared';
import type { Node as PMNode } from '@tiptap/pm/model';
import { TextSelection } from '@tiptap/pm/state';
import { AppendGuards, appendGuardCounters } from './append-guards';

const editors: Editor[] = [];
afterEach(() => editors.splice(0).forEach((e) => e.destroy()));

function reportJson(blocks: number) {
  return {
    type: 'doc',
    content: Array.from({ length: blocks }, (_, i) => ({
      // A heading first: clearing the whole document turns what is left into a paragraph.
      type: i === 0 ? 'heading' : 'paragraph',
      attrs: i === 0 ? { id: `b${i}`, level: 1 } : { id: `b${i}` },
      content: [{ type: 'text', text: `${i}. The commission recommends fair pay (${i}).` }],
    })),
  };
}

/** An editor on the shared extension list, ids counted out deterministically, guarded or not. */
function makeEditor(content: object, guarded = true): Editor {
  let next = 0;
  const editor = new Editor({
    element: document.createElement('div'),
    extensions: [...concordExtensions({ generateId: () => `new-${next++}` }), ...(guarded ? [AppendGuards] : [])],
    content,
  });
  editors.push(editor);
  return editor;
}

function resetCounters() {
  for (const c of Object.values(appendGuardCounters)) c.scanned = c.spared = 0;
}

/** Start of top-level block `index`'s content. */
function blockStart(doc: PMNode, index: number): number {
  let pos = 1;
  for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize;
  return pos;
}

/** A table whose second row lacks a cell: prosemirror-tables adds it. */
const brokenTable = {
  type: 'table',
  content: [
    {
      type: 'tableRow',
      content: [
        { type: 'tableCell', content: [{ type: 'text', text: 'a' }] },
        { type: 'tableCell', content: [{ type: 'text', text: 'b' }] },
      ],
    },
    { type: 'tableRow', content: [{ type: 'tableCell', content: [{ type: 'text', text: 'c' }] }] },
  ],
};

describe('guarded appendTransaction hooks', () => {
  it.each([300, 1500])('a keystroke in a paragraph runs none of the scans (%i blocks)', (blocks) => {
    const editor = makeEditor(reportJson(blocks));
    const middle = blockStart(editor.state.doc, blocks / 2) + 5;
    editor.commands.setTextSelection(middle);
    resetCounters();
    editor.view.dispatch(editor.state.tr.insertText('x'));
    editor.view.dispatch(editor.state.tr.insertText('7'));
    editor.view.dispatch(editor.state.tr.delete(middle, middle + 1));
    for (const [name, c] of Object.entries(appendGuardCounters)) {
      expect(c.scanned, name).toBe(0);
      expect(c.spared, name).toBe(3);
    }
  });

  it('a split block gets a fresh id; typing a space after a link autolinks it', () => {
    const editor = makeEditor(reportJson(3));
    editor.commands.setTextSelection(blockStart(editor.state.doc, 1) + 4);
    resetCounters();
    editor.commands.splitBlock();
    expect(appendGuardCounters.uniqueIds.scanned).toBe(1);
    const ids = editor.state.doc.content.content.map((n) => n.attrs.id as string);
    expect(ids).toEqual(['b0', 'b1', 'new-0', 'b2']);

    editor.commands.insertContent('see https://example.org');
    expect(editor.state.doc.child(2).textContent).toContain('https://example.org');
    const hasLink = () => editor.state.doc.rangeHasMark(0, editor.state.doc.content.size, editor.schema.marks.link!);
    expect(hasLink()).toBe(false);
    editor.view.dispatch(editor.state.tr.insertText(' '));
    expect(hasLink()).toBe(true);
  });

  it('a broken table inserted, or a join next to one, is fixed', () => {
    const editor = makeEditor(reportJson(3));
    editor.commands.insertContentAt(blockStart(editor.state.doc, 2) - 1, brokenTable);
    const table = editor.state.doc.child(2);
    expect(table.type.name).toBe('table');
    expect(table.child(1).childCount).toBe(2);
    expect(appendGuardCounters.tables.scanned).toBeGreaterThan(0);
  });

  it('selecting everything and deleting leaves one empty paragraph', () => {
    const editor = makeEditor(reportJson(5));
    // From the first text position to the last (what TipTap's clear-document rule looks for).
    editor.commands.setTextSelection({ from: 1, to: editor.state.doc.content.size - 1 });
    editor.commands.deleteSelection();
    expect(editor.state.doc.childCount).toBe(1);
    expect(editor.state.doc.child(0).type.name).toBe('paragraph');
    expect(editor.state.doc.textContent).toBe('');
  });

  it('random edits: a guarded and an unguarded editor hold the same document', () => {
    for (let seed = 1; seed <= 6; seed++) {
      let s = seed * 7919;
      const random = () => (s = (s * 48271) % 2147483647) / 2147483647;
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
      const a = makeEditor(reportJson(12), true);
      const b = makeEditor(reportJson(12), false);
      for (let step = 0; step < 120; step++) {
        const doc = a.state.doc;
        const at = 1 + Math.floor(random() * (doc.content.size - 1));
        const kind = pick(['type', 'type', 'type', 'link', 'split', 'join', 'delete', 'table', 'block', 'all']);
        const act = (e: Editor) => {
          const tr = e.state.tr;
          const $at = tr.doc.resolve(at);
          if ($at.parent.isTextblock) tr.setSelection(TextSelection.create(tr.doc, at));
          e.view.dispatch(tr);
          const chain = e.chain();
          if (kind === 'type') chain.insertContent(pick(['a', 'Z', '7', ' ', '.', '/', ':', 'é'])).run();
          else if (kind === 'link') chain.insertContent(pick(['www.example.com ', 'https://a.io', ' mailto:x@y.org '])).run();
          else if (kind === 'split') chain.splitBlock().run();
          else if (kind === 'join') chain.joinBackward().run();
          else if (kind === 'delete')
            chain.deleteRange({ from: at, to: Math.min(at + 1 + Math.floor(random() * 30), e.state.doc.content.size) }).run();
          else if (kind === 'table') chain.insertContent(brokenTable).run();
          else if (kind === 'block') chain.insertContent({ type: 'paragraph', content: [{ type: 'text', text: 'new' }] }).run();
          else if (random() < 0.3)
            chain
              .setTextSelection({ from: 1, to: e.state.doc.content.size - 1 })
              .deleteSelection()
              .run();
        };
        // Both editors draw the same random numbers: one act per step, the same `at`.
        const before = s;
        act(a);
        const after = s;
        s = before;
        act(b);
        expect(s).toBe(after);
        // Each editor has its own schema: compare as JSON.
        expect(a.state.doc.toJSON(), `seed ${seed} step ${step} (${kind})`).toEqual(b.state.doc.toJSON());
      }
    }
  });
});
