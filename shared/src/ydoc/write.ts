/** Writing ProseMirror content into a Y.Doc (demo content, imports, tests). */
import * as Y from 'yjs';
import type { Node as PMNode } from '@tiptap/pm/model';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { concordSchema } from '../schema/index.js';
import { docFragment } from './read.js';

/** Replaces the document body with the given ProseMirror JSON (in one transaction). */
export function replaceDocContent(doc: Y.Doc, json: Record<string, unknown>): void {
  const fragment = docFragment(doc);
  doc.transact(() => {
    fragment.delete(0, fragment.length);
    prosemirrorJSONToYXmlFragment(concordSchema(), json, fragment);
  });
}

/** A fresh Y.Doc update holding the given content: what a newly created document stores. */
export function updateFromProseMirrorJSON(json: Record<string, unknown>): Uint8Array {
  const doc = new Y.Doc();
  replaceDocContent(doc, json);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

export function proseMirrorNodeFromJSON(json: Record<string, unknown>): PMNode {
  return concordSchema().nodeFromJSON(json);
}
