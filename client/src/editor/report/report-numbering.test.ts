// @vitest-environment happy-dom
/**
 * Footnote numbers are recomputed after edits that touched a note (typing in a
 * paragraph without notes walks nothing), and a renumbering transaction is
 * dispatched only when a number changed: each one makes the view compare its
 * decorations across the top-level blocks of a 150-page report.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EditorState } from '@tiptap/pm/state';
import { EditorView, type DecorationSet } from '@tiptap/pm/view';
import { concordSchema } from '@concord/shared';
import { numberingCounters, numberingPlugin, noteNumberFrom } from './report-numbering';

const schema = concordSchema();

function note(text: string) {
  return { type: 'footnote', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}

function docJson() {
  return {
    type: 'doc',
    content: [
      { type: 'paragraph', attrs: { id: 'a' }, content: [{ type: 'text', text: 'Plain text. ' }] },
      { type: 'paragraph', attrs: { id: 'b' }, content: [{ type: 'text', text: 'Cited.' }, note('First note.')] },
      { type: 'paragraph', attrs: { id: 'c' }, content: [{ type: 'text', text: 'Also cited.' }, note('Second note.')] },
    ],
  };
}

let view: EditorView;
let recomputed = 0;

beforeEach(() => {
  vi.useFakeTimers();
  recomputed = 0;
  const state = EditorState.create({ schema, doc: schema.nodeFromJSON(docJson()), plugins: [numberingPlugin(() => recomputed++)] });
  view = new EditorView(document.createElement('div'), { state });
});
afterEach(() => {
  view.destroy();
  vi.useRealTimers();
});

/** The number each footnote's decorations give it, in document order. */
function noteNumbers(): (number | null)[] {
  const numbers: (number | null)[] = [];
  // The numbering plugin is the view's only plugin; its state is the decoration set.
  const decorations = (view.state.plugins[0]?.getState(view.state) as { decorations: DecorationSet } | undefined)?.decorations;
  view.state.doc.descendants((node, pos) => {
    if (node.type.name !== 'footnote') return true;
    numbers.push(noteNumberFrom(decorations ? decorations.find(pos, pos + node.nodeSize) : []));
    return false;
  });
  return numbers;
}

describe('footnote numbering', () => {
  it('typing in a paragraph without notes walks nothing and dispatches no renumbering', () => {
    const before = { ...numberingCounters };
    for (let i = 0; i < 5; i++) {
      view.dispatch(view.state.tr.insertText('x', 3));
      vi.advanceTimersByTime(1000);
    }
    expect(recomputed).toBe(0);
    expect(numberingCounters.walks).toBe(before.walks);
    expect(numberingCounters.renumberings).toBe(before.renumberings);
    expect(noteNumbers()).toEqual([1, 2]);
  });

  it('typing in a note walks once after it, and renumbers only when a number changed', () => {
    const before = { ...numberingCounters };
    // Inside the first note's paragraph: paragraph a (0-14), paragraph b opens at 14, "Cited." 15-21, the note at 21.
    for (let i = 0; i < 3; i++) view.dispatch(view.state.tr.insertText('x', 23));
    vi.advanceTimersByTime(1000);
    expect(numberingCounters.walks).toBe(before.walks + 1);
    expect(recomputed).toBe(1);
    expect(numberingCounters.renumberings).toBe(before.renumberings);
    expect(noteNumbers()).toEqual([1, 2]);
  });

  it('a note added before the others renumbers them once', () => {
    const before = numberingCounters.renumberings;
    view.dispatch(view.state.tr.insert(2, schema.nodeFromJSON(note('New first note.'))));
    vi.advanceTimersByTime(1000);
    expect(numberingCounters.renumberings).toBe(before + 1);
    expect(noteNumbers()).toEqual([1, 2, 3]);
  });
});
