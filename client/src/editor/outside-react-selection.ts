/**
 * The editor's root, kept out of React's selection save-and-restore.
 *
 * Before every commit React (19, `commitBeforeMutationEffects`) takes the
 * focused element and, when it is "selection capable" — for a div that is
 * `"true" === elem.contentEditable` — turns the DOM selection into character
 * offsets by walking the whole element from its first node to the caret, so
 * it can put the selection back if the commit moved focus. ProseMirror's root
 * is that element while someone types, and React commits while they type (save
 * status, toolbar state, presence, panels): on the 150-page report each commit
 * walked ~17,000 DOM nodes (3–7 ms a commit in loaded profiles), work that grows
 * with the report.
 *
 * ProseMirror keeps its own selection and puts it back in the DOM itself when
 * the editor gets focus again, so React's restore is not needed for it (React
 * still gives focus back; only the offsets are skipped). The root therefore
 * gets its own `contentEditable` property: a String object holding the real
 * value, which is `==` to "true"/"false" as before (ProseMirror compares with
 * `==`) but not `===` to "true", React's test. The attribute is untouched —
 * it is what the browser and ProseMirror's own updates use — and setting the
 * property still sets it. `isContentEditable` is given too, because DOM
 * emulations (happy-dom) derive it from the `contentEditable` property.
 */
import { Extension } from '@tiptap/core';
import { Plugin } from '@tiptap/pm/state';

const contentEditable = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'contentEditable');
const isContentEditable = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'isContentEditable');

/** Gives `dom` its own `contentEditable` React does not count as editable; returns the undo. */
function hideFromReactSelection(dom: HTMLElement): () => void {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- the native accessors, called with .call(dom) below
  const [get, set, isEditable] = [contentEditable?.get, contentEditable?.set, isContentEditable?.get];
  if (!get || !set || !isEditable) return () => {};
  Object.defineProperty(dom, 'contentEditable', {
    configurable: true,
    // An object is the point: `==` the real value, never `===` "true".
    get: (): unknown => new String(get.call(dom)),
    set: (value: string) => set.call(dom, value),
  });
  Object.defineProperty(dom, 'isContentEditable', {
    configurable: true,
    get: (): boolean => {
      const value = get.call(dom) as string;
      if (value === 'true' || value === 'plaintext-only') return true;
      if (value === 'false') return false;
      return isEditable.call(dom) as boolean;
    },
  });
  return () => {
    delete (dom as { contentEditable?: string }).contentEditable;
    delete (dom as { isContentEditable?: boolean }).isContentEditable;
  };
}

/** The extension: the editor's root is hidden from React's selection restore while the view lives. */
export const OutsideReactSelection = Extension.create({
  name: 'concordOutsideReactSelection',
  addProseMirrorPlugins: () => [
    new Plugin({
      view: (view) => {
        const undo = hideFromReactSelection(view.dom);
        return { destroy: undo };
      },
    }),
  ],
});
