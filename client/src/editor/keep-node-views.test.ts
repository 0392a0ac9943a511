// @vitest-environment happy-dom
/**
 * Opening the report draws its blocks once: the editor is built (drawing the
 * document into its own element), then mounted under React (`EditorContent`),
 * and we count the elements created by that mount — none with KeepNodeViews,
 * the whole document again without it.
 */
import { createElement, act } from 'react';
import { createRoot } from 'react-dom/client';
import { EditorContent } from '@tiptap/react';
import type { Editor } from '@tiptap/core';
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { concordSchema, Y_FRAGMENT_NAME } from '@concord/shared';
import { sampleDocumentWithEveryNodeType } from '@concord/shared/fixtures/index';
import { mountCollaborativeEditor } from './y-binding/test-peers';
import { reportDoc } from '../consensus/test-fixtures';
import { KeepNodeViews } from './keep-node-views';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

// Every element and text node created anywhere (the way ProseMirror draws a node), patched where
// the DOM implementation defines them (happy-dom: not on the global Document's own prototype).
let created = 0;
for (const name of ['createElement', 'createTextNode'] as const) {
  let owner: object | null = document;
  while (owner && !Object.prototype.hasOwnProperty.call(owner, name)) owner = Object.getPrototypeOf(owner) as object | null;
  const target = owner as Record<string, unknown>;
  const native = target[name] as (...args: unknown[]) => Node;
  target[name] = function (this: Document, ...args: unknown[]) {
    created++;
    return native.apply(this, args);
  };
}

function editorWith(json: unknown, keep: boolean): Editor {
  const doc = new Y.Doc();
  prosemirrorJSONToYXmlFragment(concordSchema(), json as Record<string, unknown>, doc.getXmlFragment(Y_FRAGMENT_NAME));
  const editor = mountCollaborativeEditor(doc, keep ? [KeepNodeViews] : []);
  cleanups.push(() => editor.destroy());
  return editor;
}

/** Mounts the editor under React as the editor page does; returns the DOM nodes that created. */
async function nodesCreatedByMount(editor: Editor): Promise<number> {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  cleanups.push(() => (act(() => root.unmount()), container.remove()));
  created = 0;
  await act(async () => root.render(createElement(EditorContent, { editor })));
  expect(container.contains(editor.view.dom)).toBe(true);
  return created;
}

it('mounting the editor under React draws nothing again, however long the report', async () => {
  for (const blocks of [300, 1500]) {
    const editor = editorWith(reportDoc(blocks).toJSON(), true);
    const first = editor.view.dom.firstElementChild;
    expect(editor.view.dom.childElementCount).toBe(blocks);
    // EditorContent's own wrapper and React's bookkeeping only, the same for any length.
    expect(await nodesCreatedByMount(editor)).toBeLessThan(10);
    expect(editor.view.dom.firstElementChild).toBe(first);
    expect(editor.view.dom.childElementCount).toBe(blocks);
  }
});

it('the views the editor was built with still draw their nodes (a table keeps its colgroup)', async () => {
  const editor = editorWith(sampleDocumentWithEveryNodeType(), true);
  await nodesCreatedByMount(editor);
  // TipTap's TableView draws a colgroup; the schema's own rendering of a table has none.
  expect(editor.view.dom.querySelectorAll('table').length).toBeGreaterThan(0);
  expect(editor.view.dom.querySelector('table > colgroup')).not.toBeNull();
});

it('without it, mounting under React draws the whole report again (the work this removes)', async () => {
  const editor = editorWith(reportDoc(1500).toJSON(), false);
  const first = editor.view.dom.firstElementChild;
  expect(await nodesCreatedByMount(editor)).toBeGreaterThan(1500);
  expect(editor.view.dom.firstElementChild).not.toBe(first);
});
