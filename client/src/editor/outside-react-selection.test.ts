// @vitest-environment happy-dom
/**
 * A React commit while the editor has focus costs the same on a 1,500-block
 * report as on a 300-block one — shown by counting, not timing: the editor is
 * mounted under React (EditorContent), focused with the caret at the end, and
 * a component beside it re-renders; we count the DOM reads React makes to walk
 * a tree (`firstChild`/`nextSibling`) during those commits.
 */
import { createElement, act, useState, type Dispatch, type SetStateAction } from 'react';
import { createRoot } from 'react-dom/client';
import { EditorContent } from '@tiptap/react';
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { concordSchema, Y_FRAGMENT_NAME } from '@concord/shared';
import { mountCollaborativeEditor } from './y-binding/test-peers';
import { reportDoc } from '../consensus/test-fixtures';
import { OutsideReactSelection } from './outside-react-selection';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

// Every read of firstChild/nextSibling anywhere (the way a DOM walk steps).
let steps = 0;
for (const name of ['firstChild', 'nextSibling'] as const) {
  const descriptor = Object.getOwnPropertyDescriptor(Node.prototype, name)!;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- the native getter, called with .call below
  const get = descriptor.get!;
  Object.defineProperty(Node.prototype, name, {
    ...descriptor,
    get(this: Node) {
      steps++;
      return get.call(this) as unknown;
    },
  });
}

const COMMITS = 5;

async function stepsPerCommit(blocks: number, hidden: boolean): Promise<number> {
  const doc = new Y.Doc();
  prosemirrorJSONToYXmlFragment(concordSchema(), reportDoc(blocks).toJSON(), doc.getXmlFragment(Y_FRAGMENT_NAME));
  const editor = mountCollaborativeEditor(doc, hidden ? [OutsideReactSelection] : []);
  cleanups.push(() => editor.destroy());
  expect(editor.state.doc.childCount).toBe(blocks);

  let setStatus: Dispatch<SetStateAction<number>> = () => {};
  function SaveStatus() {
    const [status, set] = useState(0);
    setStatus = set;
    return createElement('span', null, `saved ${status}`);
  }
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  cleanups.push(() => (act(() => root.unmount()), container.remove()));
  await act(async () => root.render(createElement('div', null, createElement(SaveStatus), createElement(EditorContent, { editor }))));

  editor.view.dom.focus();
  editor.commands.setTextSelection(editor.state.doc.content.size - 1);
  expect(document.activeElement).toBe(editor.view.dom);
  expect(document.getSelection()?.rangeCount).toBe(1);

  steps = 0;
  for (let i = 1; i <= COMMITS; i++) await act(async () => setStatus(i));
  expect(container.textContent).toContain(`saved ${COMMITS}`);
  return steps / COMMITS;
}

it('a React commit does not walk the focused editor’s DOM, however long the report', async () => {
  const small = await stepsPerCommit(300, true);
  const large = await stepsPerCommit(1500, true);
  expect(large).toBe(small);
});

it('the root still says it is editable to everyone but React', () => {
  const editor = mountCollaborativeEditor(new Y.Doc(), [OutsideReactSelection]);
  cleanups.push(() => editor.destroy());
  const dom = editor.view.dom;
  expect(dom.getAttribute('contenteditable')).toBe('true');
  expect(dom.contentEditable == 'true').toBe(true); // ProseMirror's way of reading it
  expect(dom.contentEditable === 'true').toBe(false); // React's
  expect(dom.isContentEditable).toBe(true);
  dom.contentEditable = 'false';
  expect(dom.getAttribute('contenteditable')).toBe('false');
  expect(dom.isContentEditable).toBe(false);
  dom.contentEditable = 'true';
  expect(dom.getAttribute('contenteditable')).toBe('true');
  editor.setEditable(false);
  expect(dom.contentEditable == 'false').toBe(true); // as ProseMirror reads it
  expect(dom.isContentEditable).toBe(false);
  editor.setEditable(true);
  expect(dom.isContentEditable).toBe(true);
});

it('without it, React walks the editor on every commit (the count the fix removes)', async () => {
  const small = await stepsPerCommit(300, false);
  const large = await stepsPerCommit(1500, false);
  expect(large).toBeGreaterThan(3 * small);
});
