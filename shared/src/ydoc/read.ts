/**
 * Reading a Y.Doc as a ProseMirror document without a browser: the server uses
 * this to fingerprint blocks and export, exactly as the editor would see them.
 */
import type * as Y from 'yjs';
import type { Node as PMNode } from '@tiptap/pm/model';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { concordSchema, Y_FRAGMENT_NAME } from '../schema/index.js';
import { withTrustedAttrs } from './attrs.js';

export function docFragment(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(Y_FRAGMENT_NAME);
}

export function ydocToProseMirror(doc: Y.Doc): PMNode {
  const schema = concordSchema();
  // Attributes come from any writer: brought back to the schema's types here, once.
  return withTrustedAttrs(yXmlFragmentToProseMirrorRootNode(docFragment(doc), schema), schema);
}
