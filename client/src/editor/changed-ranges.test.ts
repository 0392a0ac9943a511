/**
 * `touches` tells the periodic walks (block ids, notes, numbers) whether a change can concern
 * them, looking at the changed ranges only: typing in a paragraph concerns none of them, and the
 * nodes it shows are as many on 1,500 blocks as on 300.
 */
import { describe, expect, it } from 'vitest';
import { EditorState, type Transaction } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { concordSchema } from '@concord/shared';
import { touches } from './changed-ranges';
import { changesBlocks } from '../comments/use-block-ids';

const schema = concordSchema();

function doc(blocks: number): PMNode {
  return schema.nodeFromJSON({
    type: 'doc',
    content: Array.from({ length: blocks }, (_, i) => ({
      type: 'paragraph',
      attrs: { id: `b${i}` },
      content: [{ type: 'text', text: `Paragraph ${i}, plain text.` }],
    })),
  });
}

/** Position inside the text of top-level block `index`, `offset` characters in. */
function inside(d: PMNode, index: number, offset = 3): number {
  let pos = 0;
  for (let i = 0; i < index; i++) pos += d.child(i).nodeSize;
  return pos + 1 + offset;
}

const state = (blocks: number) => EditorState.create({ schema, doc: doc(blocks) });
const touchesNote = (tr: Transaction) => touches(tr, (node) => (node.type.name === 'footnote' ? 'touched' : 'descend'));

describe('touches', () => {
  it('typing inside a paragraph changes no block and touches no note', () => {
    const s = state(20);
    const tr = s.tr.insertText('x', inside(s.doc, 5));
    expect(changesBlocks(tr)).toBe(false);
    expect(touchesNote(tr)).toBe(false);
    expect(changesBlocks(s.tr.delete(inside(s.doc, 5, 1), inside(s.doc, 5, 4)))).toBe(false);
    expect(changesBlocks(s.tr.setSelection(s.selection))).toBe(false);
  });

  it('splitting, joining, re-typing or re-labelling a block changes blocks', () => {
    const s = state(20);
    expect(changesBlocks(s.tr.split(inside(s.doc, 5)))).toBe(true);
    expect(changesBlocks(s.tr.delete(inside(s.doc, 5, 20), inside(s.doc, 6, 1)))).toBe(true);
    const at = inside(s.doc, 5) - 4;
    expect(changesBlocks(s.tr.setNodeMarkup(at, schema.nodes.heading, { level: 2, id: 'b5' }))).toBe(true);
    expect(changesBlocks(s.tr.setNodeAttribute(at, 'id', 'other'))).toBe(true);
    expect(changesBlocks(s.tr.insert(at, schema.nodes.paragraph.create({ id: 'new' })))).toBe(true);
  });

  it('a note typed into, added or removed is touched', () => {
    const s = state(20);
    const note = schema.nodes.footnote.create(null, schema.nodes.paragraph.create(null, schema.text('A note.')));
    const withNote = s.apply(s.tr.insert(inside(s.doc, 5), note));
    expect(touchesNote(s.tr.insert(inside(s.doc, 5), note))).toBe(true);
    // Inside the note's text: paragraph open, note open, its paragraph open, then text.
    expect(touchesNote(withNote.tr.insertText('x', inside(withNote.doc, 5) + 3))).toBe(true);
    expect(touchesNote(withNote.tr.delete(inside(withNote.doc, 5), inside(withNote.doc, 5) + note.nodeSize))).toBe(true);
    // Typing next to it, not in it.
    expect(touchesNote(withNote.tr.insertText('x', inside(withNote.doc, 5, 1)))).toBe(false);
  });

  it('looks at as many nodes for a keystroke on 1,500 blocks as on 300', () => {
    const visited = (blocks: number) => {
      const s = state(blocks);
      let count = 0;
      touches(s.tr.insertText('x', inside(s.doc, Math.floor(blocks / 2))), () => (count++, 'descend'));
      return count;
    };
    expect(visited(1500)).toBe(visited(300));
    expect(visited(1500)).toBeLessThan(10);
  });
});
