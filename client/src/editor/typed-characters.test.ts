// @vitest-environment happy-dom
/**
 * Typed characters inserted by the editor (typed-characters.ts): keypresses go
 * through prosemirror-view's own keypress handling on Concord's editing stack
 * (schema, Collaboration and its undo, the app's extensions) and give what the
 * DOM read-back gave — input rules, autolink, marks by their inclusive rules,
 * one undo step per run — with nothing left for the DOM observer to read. The
 * same keys against Chromium's own insertion: tests/e2e/typed-characters.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import type { Editor } from '@tiptap/core';
import { createPeers, destroyPeers, seedReport, settle, yjsDocOf, type Peer } from './y-binding/test-peers';
import { TypedCharacters, typedCharacterCounters } from './typed-characters';

let peers: Peer[] = [];
afterEach(() => {
  destroyPeers(peers);
  peers = [];
});

/** The DOM observer's read-backs of the view (prosemirror-view's `handleDOMChange`), counted. */
function countReadBacks(view: EditorView): { count: number } {
  const counter = { count: 0 };
  const observer = (view as unknown as { domObserver: { handleDOMChange: (...args: unknown[]) => void } }).domObserver;
  const original = observer.handleDOMChange;
  observer.handleDOMChange = (...args) => {
    counter.count++;
    original(...args);
  };
  return counter;
}

/** A keypress as the browser sends it for a typed character; returns whether it was left to the browser. */
function keypress(view: EditorView, char: string, init: KeyboardEventInit = {}): boolean {
  const event = new KeyboardEvent('keypress', { key: char, bubbles: true, cancelable: true, ...init });
  // happy-dom does not take charCode from the init dictionary; prosemirror-view reads it.
  Object.defineProperty(event, 'charCode', { value: char.codePointAt(0) });
  view.dom.dispatchEvent(event);
  return !event.defaultPrevented;
}

function type(editor: Editor, text: string): void {
  for (const char of text) expect(keypress(editor.view, char)).toBe(false);
}

/** One editor on an empty report (one empty paragraph), caret in it. */
function emptyEditor(): Editor {
  peers = createPeers(1, [TypedCharacters]);
  const editor = peers[0]!.editor;
  editor.commands.setContent({ type: 'doc', content: [{ type: 'paragraph' }] });
  editor.commands.setTextSelection(1);
  return editor;
}

describe('typed characters', () => {
  it('inserts plain letters itself: the keypress is prevented and the DOM observer finds nothing to read', () => {
    const editor = emptyEditor();
    const readBacks = countReadBacks(editor.view);
    type(editor, 'Hello world');
    (editor.view as unknown as { domObserver: { flush(): void } }).domObserver.flush();
    expect(readBacks.count).toBe(0);
    expect(editor.state.doc.textContent).toBe('Hello world');
    expect(editor.state.selection.head).toBe(12);
    expect(editor.view.dom.textContent).toBe('Hello world');
  });

  it('runs input rules: "# " makes a heading, "- " a list, "> " a quote', () => {
    const editor = emptyEditor();
    type(editor, '# Title');
    expect(editor.state.doc.firstChild?.type.name).toBe('heading');
    expect(editor.state.doc.firstChild?.textContent).toBe('Title');
    editor.commands.setContent({ type: 'doc', content: [{ type: 'paragraph' }] });
    editor.commands.setTextSelection(1);
    type(editor, '- item');
    expect(editor.state.doc.firstChild?.type.name).toBe('bulletList');
    expect(editor.state.doc.textContent).toBe('item');
    editor.commands.setContent({ type: 'doc', content: [{ type: 'paragraph' }] });
    editor.commands.setTextSelection(1);
    type(editor, '> quoted');
    expect(editor.state.doc.firstChild?.type.name).toBe('blockquote');
  });

  it('links a URL when a space follows it (autolink)', () => {
    const editor = emptyEditor();
    type(editor, 'see https://example.org ');
    const link = editor.state.doc.firstChild!.child(1);
    expect(link.text).toBe('https://example.org');
    expect(link.marks.map((m) => [m.type.name, m.attrs.href])).toEqual([['link', 'https://example.org']]);
  });

  it("types with stored marks (bold toggled) and by the marks' inclusive rules at the caret", () => {
    const editor = emptyEditor();
    type(editor, 'a');
    editor.commands.toggleBold();
    type(editor, 'bc');
    // At the end of bold text: bold goes on (inclusive).
    type(editor, 'd');
    const marks = (i: number) => editor.state.doc.firstChild!.child(i).marks.map((m) => m.type.name);
    expect(editor.state.doc.firstChild!.childCount).toBe(2);
    expect(editor.state.doc.firstChild!.child(1).text).toBe('bcd');
    expect(marks(1)).toEqual(['bold']);
    // At the end of a link: the link grows (TipTap's link is inclusive while autolink is on), as with the DOM read-back.
    editor.commands.setContent({
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'site', marks: [{ type: 'link', attrs: { href: 'https://a.org' } }] }] },
      ],
    });
    editor.commands.setTextSelection(5);
    type(editor, 'x');
    expect(editor.state.doc.firstChild!.childCount).toBe(1);
    expect(editor.state.doc.firstChild!.child(0).text).toBe('sitex');
    expect(editor.state.doc.firstChild!.child(0).marks.map((m) => m.type.name)).toEqual(['link']);
  });

  it('replaces a selection inside one paragraph', () => {
    const editor = emptyEditor();
    type(editor, 'one two');
    editor.commands.setTextSelection({ from: 5, to: 8 });
    type(editor, '2');
    expect(editor.state.doc.textContent).toBe('one 2');
  });

  it('leaves Enter, command chords, compositions and node selections to the browser and prosemirror-view', () => {
    const editor = emptyEditor();
    const before = typedCharacterCounters.inserted;
    expect(keypress(editor.view, '\r')).toBe(true);
    expect(keypress(editor.view, 'a', { ctrlKey: true })).toBe(true);
    expect(keypress(editor.view, 'a', { metaKey: true })).toBe(true);
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- keyCode 229 is how a composition's keys arrive
    expect(keypress(editor.view, 'a', { keyCode: 229 })).toBe(true);
    // AltGr (ctrl+alt) types a character on some layouts.
    expect(keypress(editor.view, '@', { ctrlKey: true, altKey: true })).toBe(false);
    expect(typedCharacterCounters.inserted).toBe(before + 1);
    expect(editor.state.doc.textContent).toBe('@');
  });

  it('converges with a remote edit arriving between keys, and one undo takes back the typing run', () => {
    peers = createPeers(2, [TypedCharacters], seedReport(3));
    const [me, other] = peers as [Peer, Peer];
    const end = me.editor.state.doc.firstChild!.nodeSize - 1;
    me.editor.commands.setTextSelection(end);
    type(me.editor, 'ab');
    other.editor.commands.insertContentAt(other.editor.state.doc.content.size - 1, ' (remote)');
    settle(peers);
    type(me.editor, 'cd');
    settle(peers);
    expect(me.editor.state.doc.firstChild!.textContent).toBe('Section 0abcd');
    expect(yjsDocOf(other).toJSON()).toEqual(me.editor.state.doc.toJSON());
    expect(me.editor.state.doc.lastChild!.textContent).toMatch(/\(remote\)$/);
    me.editor.commands.undo();
    settle(peers);
    expect(me.editor.state.doc.firstChild!.textContent).toBe('Section 0');
    expect(me.editor.state.doc.lastChild!.textContent).toMatch(/\(remote\)$/);
  });

  it.each([300, 1500])('a typed key on %i blocks is one insertion and no DOM read-back', (blocks) => {
    peers = createPeers(1, [TypedCharacters], seedReport(blocks));
    const editor = peers[0]!.editor;
    const middle = editor.state.doc.resolve(Math.floor(editor.state.doc.content.size / 2));
    editor.view.dispatch(editor.state.tr.setSelection(TextSelection.near(editor.state.doc.resolve(middle.end()))));
    const readBacks = countReadBacks(editor.view);
    const before = typedCharacterCounters.inserted;
    type(editor, 'x');
    (editor.view as unknown as { domObserver: { flush(): void } }).domObserver.flush();
    expect(typedCharacterCounters.inserted - before).toBe(1);
    expect(readBacks.count).toBe(0);
  });
});
