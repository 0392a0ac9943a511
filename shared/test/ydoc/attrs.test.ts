/** Flags read back from the shared document: a recommendation stays one; only a literal `true` makes one. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { replaceDocContent, ydocToProseMirror, Y_FRAGMENT_NAME } from '../../src/index.js';

function readBack(recommendation: unknown) {
  const doc = new Y.Doc();
  replaceDocContent(doc, {
    type: 'doc',
    content: [{ type: 'paragraph', attrs: { id: 'p1', recommendation: true }, content: [{ type: 'text', text: 'Build homes.' }] }],
  });
  // Any writer may put any value there: set it the way a peer would.
  const paragraph = doc.getXmlFragment(Y_FRAGMENT_NAME).get(0) as Y.XmlElement;
  doc.transact(() => paragraph.setAttribute('recommendation', recommendation as string));
  return ydocToProseMirror(doc).firstChild!.attrs.recommendation as unknown;
}

describe('paragraph flags from the shared document', () => {
  it('keeps a recommendation (true) and turns anything else into false', () => {
    expect(readBack(true)).toBe(true);
    expect(readBack(false)).toBe(false);
    for (const value of ['true', 1, {}, null]) expect(readBack(value)).toBe(false);
  });
});
