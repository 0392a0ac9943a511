/**
 * Restoring is a new edit on top of the document, never a rewrite of history
 * (issue 18). `restoreDocument` changes only what differs from the version: the
 * children of each container are diffed (jsdiff's Myers diff over their JSON),
 * equal ones are left alone — so concurrent edits to them survive and merge —
 * differing containers of the same kind are entered, and the rest replaced.
 * `restoreBlock` puts one block's wording back into the block's own element —
 * the same minimal diff the editor makes (y-tiptap's updateYFragment), so a
 * keystroke someone typed into that block concurrently lands in the restored
 * wording instead of vanishing with a replaced element — or, if the block is
 * gone, where it was.
 */
import * as Y from 'yjs';
import { diffArrays } from 'diff';
import { updateYFragment } from '@tiptap/y-tiptap';
import { BLOCK_ID_ATTR, blockElementFromJSON, concordSchema, docFragment, isBlockNodeType, ydocToProseMirror } from '@concord/shared';
import { replaceBlock } from '../proposals/replace-block.js';
import type { PMJson } from './version-content.js';

const RESTORE_ORIGIN = 'concord-restore';

type YParent = Y.XmlFragment | Y.XmlElement;

/** Makes the document's content equal `target`, in one transaction. Returns how many nodes were replaced, added or removed. */
export function restoreDocument(doc: Y.Doc, target: PMJson): number {
  const current = ydocToProseMirror(doc).toJSON() as PMJson;
  let changed = 0;
  doc.transact(() => {
    changed = reconcile(docFragment(doc), current.content ?? [], target.content ?? []);
  }, RESTORE_ORIGIN);
  return changed;
}

function reconcile(parent: YParent, current: readonly PMJson[], target: readonly PMJson[]): number {
  // The ProseMirror view and the Yjs tree should pair up child for child; if they do not
  // (content the schema could not read), replace this level wholesale rather than guess.
  if (!aligned(parent, current)) {
    parent.delete(0, parent.length);
    parent.insert(0, target.map(toElement));
    return current.length + target.length;
  }
  const hunks = diffArrays(current.map(key), target.map(key));
  let index = 0;
  let changed = 0;
  let removed: number[] = [];
  const flushRemoved = () => {
    // Removed with nothing to pair them with.
    if (removed.length) parent.delete(index, removed.length);
    changed += removed.length;
    removed = [];
  };
  let cursor = 0; // position in `current`
  let targetCursor = 0;
  for (const hunk of hunks) {
    const count = hunk.count ?? hunk.value.length;
    if (hunk.removed) {
      for (let k = 0; k < count; k++) removed.push(cursor + k);
      cursor += count;
    } else if (hunk.added) {
      const added = target.slice(targetCursor, targetCursor + count);
      targetCursor += count;
      // Pair removed and added children one for one: a container of the same kind is entered.
      let k = 0;
      for (; k < added.length && removed.length > 0; k++) {
        const before = current[removed.shift()!]!;
        const after = added[k]!;
        const element = parent.get(index) as Y.XmlElement;
        if (!isBlockNodeType(after.type) && sameShell(before, after)) {
          changed += reconcile(element, before.content ?? [], after.content ?? []);
        } else if (isBlockNodeType(after.type) && sameBlock(before, after)) {
          // The same block reworded: edited in place, so keystrokes typed into it meanwhile survive.
          rewordInPlace(element, after);
          changed++;
        } else {
          parent.delete(index, 1);
          parent.insert(index, [toElement(after)]);
          changed++;
        }
        index++;
      }
      flushRemoved();
      const rest = added.slice(k);
      if (rest.length) parent.insert(index, rest.map(toElement));
      index += rest.length;
      changed += rest.length;
    } else {
      flushRemoved();
      index += count;
      cursor += count;
      targetCursor += count;
    }
  }
  flushRemoved();
  return changed;
}

function aligned(parent: YParent, current: readonly PMJson[]): boolean {
  if (parent.length !== current.length) return false;
  const children = parent.toArray();
  return children.every((child, i) => child instanceof Y.XmlElement && child.nodeName === current[i]!.type);
}

const key = (node: PMJson) => JSON.stringify(node);
const sameShell = (a: PMJson, b: PMJson) => a.type === b.type && JSON.stringify(a.attrs ?? null) === JSON.stringify(b.attrs ?? null);
const toElement = (node: PMJson) => blockElementFromJSON(node);
const sameBlock = (a: PMJson, b: PMJson) =>
  a.type === b.type && typeof a.attrs?.[BLOCK_ID_ATTR] === 'string' && a.attrs[BLOCK_ID_ATTR] === b.attrs?.[BLOCK_ID_ATTR];

/** Makes `element` hold `node` with the editor's own minimal diff (attributes, then text), inside the caller's transaction. */
function rewordInPlace(element: Y.XmlElement, node: PMJson): void {
  updateYFragment(element.doc!, element, concordSchema().nodeFromJSON(node), { mapping: new Map(), isOMark: new Map() });
}

/**
 * Puts one block's wording back: in place if the block is still there, else after
 * the nearest block that preceded it in the version and still exists (or first).
 * Returns false when nothing had to change.
 */
export function restoreBlock(doc: Y.Doc, node: PMJson, precedingIds: readonly string[]): boolean {
  const blockId = node.attrs?.[BLOCK_ID_ATTR];
  if (typeof blockId !== 'string') return false;
  const fragment = docFragment(doc);
  const found = findBlock(fragment, blockId);
  const element = found?.parent.get(found.index);
  if (element instanceof Y.XmlElement && element.nodeName === node.type) {
    doc.transact(() => rewordInPlace(element, node), RESTORE_ORIGIN);
    return true;
  }
  // Another kind of block now (a heading where a paragraph was): the element is replaced.
  if (replaceBlock(doc, blockId, node as never, RESTORE_ORIGIN)) return true;
  doc.transact(() => {
    for (let i = precedingIds.length - 1; i >= 0; i--) {
      const at = findBlock(fragment, precedingIds[i]!);
      if (at) {
        at.parent.insert(at.index + 1, [toElement(node)]);
        return;
      }
    }
    fragment.insert(0, [toElement(node)]);
  }, RESTORE_ORIGIN);
  return true;
}

function findBlock(parent: YParent, blockId: string): { parent: YParent; index: number } | undefined {
  const children = parent.toArray();
  for (let index = 0; index < children.length; index++) {
    const child = children[index];
    if (!(child instanceof Y.XmlElement)) continue;
    if (isBlockNodeType(child.nodeName)) {
      if (child.getAttribute(BLOCK_ID_ATTR) === blockId) return { parent, index };
      continue;
    }
    const inner = findBlock(child, blockId);
    if (inner) return inner;
  }
  return undefined;
}
