/** One block as a Y.XmlElement, converted exactly as the editor would write it (used to adopt a proposal). */
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { concordSchema } from '../schema/index.js';

/**
 * Converts one paragraph or heading (ProseMirror JSON) through the y-tiptap
 * mapping in a scratch document and returns an unattached clone, ready to be
 * inserted into another document. Throws if the JSON is not one valid node.
 */
export function blockElementFromJSON(node: Record<string, unknown>): Y.XmlElement {
  const scratch = new Y.Doc();
  try {
    const fragment = scratch.getXmlFragment('scratch');
    prosemirrorJSONToYXmlFragment(concordSchema(), { type: 'doc', content: [node] }, fragment);
    const element = fragment.get(0);
    if (fragment.length !== 1 || !(element instanceof Y.XmlElement)) throw new Error('content did not convert to exactly one block');
    return element.clone();
  } finally {
    scratch.destroy();
  }
}
