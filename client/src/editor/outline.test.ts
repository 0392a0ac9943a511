import { describe, expect, it } from 'vitest';
import { concordSchema } from '@concord/shared';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { headingPos, outlineOf, touchesHeadings } from './outline';

describe('outline', () => {
  it('lists headings at any depth in order, with level and text', () => {
    const doc = concordSchema().nodeFromJSON({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1, id: 'a' }, content: [{ type: 'text', text: 'Report' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Intro' }] },
        { type: 'blockquote', content: [{ type: 'heading', attrs: { level: 3, id: 'b' }, content: [{ type: 'text', text: 'Quoted' }] }] },
        { type: 'heading', attrs: { level: 2, id: 'c' } },
      ],
    });
    expect(outlineOf(doc).map(({ level, text, id }) => ({ level, text, id }))).toEqual([
      { level: 1, text: 'Report', id: 'a' },
      { level: 3, text: 'Quoted', id: 'b' },
      { level: 2, text: '', id: 'c' },
    ]);
  });
});

describe('touchesHeadings', () => {
  const schema = concordSchema();
  const doc = schema.nodeFromJSON({
    type: 'doc',
    content: [
      { type: 'heading', attrs: { level: 1, id: 'h' }, content: [{ type: 'text', text: 'Title' }] },
      { type: 'paragraph', attrs: { id: 'p' }, content: [{ type: 'text', text: 'Body text' }] },
      { type: 'heading', attrs: { level: 2, id: 'h2' }, content: [{ type: 'text', text: 'Next' }] },
    ],
  });
  const state = EditorState.create({ doc });

  it('is false for typing in a paragraph and true for typing in a heading', () => {
    expect(touchesHeadings(state.tr.insertText('x', 10))).toBe(false);
    expect(touchesHeadings(state.tr.insertText('x', 3))).toBe(true);
  });

  it('is true when a heading is deleted, and false for a selection change', () => {
    const p = doc.child(0).nodeSize;
    const end = p + doc.child(1).nodeSize;
    expect(touchesHeadings(state.tr.delete(end, doc.content.size))).toBe(true);
    expect(touchesHeadings(state.tr.setSelection(TextSelection.create(doc, 10)))).toBe(false);
  });

  it('finds a heading by id after text before it changed', () => {
    const [, second] = outlineOf(doc);
    const next = state.tr.insertText('longer ', 10).doc;
    expect(headingPos(next, second!)).toBe(second!.pos + 7);
  });
});
