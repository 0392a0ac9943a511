import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BLOCK_ID_ATTR, docFragment } from '@concord/shared';
import { mayNeedBlockIds } from './block-ids.js';

/** Runs `change` on `doc` and returns what mayNeedBlockIds says of its transaction. */
function verdict(doc: Y.Doc, change: () => void): boolean {
  let result: boolean | undefined;
  const listener = (tr: Y.Transaction) => (result = mayNeedBlockIds(tr));
  doc.on('afterTransaction', listener);
  doc.transact(change);
  doc.off('afterTransaction', listener);
  return result!;
}

describe('when the block-id pass is needed', () => {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.setAttribute(BLOCK_ID_ATTR, 'p1');
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  docFragment(doc).insert(0, [paragraph]);

  it('typing or formatting inside a paragraph does not need it', () => {
    expect(verdict(doc, () => text.insert(0, 'hello'))).toBe(false);
    expect(verdict(doc, () => text.format(0, 2, { bold: true }))).toBe(false);
    expect(verdict(doc, () => text.delete(0, 1))).toBe(false);
  });

  it('a new block, or a changed or removed id, does', () => {
    expect(verdict(doc, () => docFragment(doc).insert(1, [new Y.XmlElement('paragraph')]))).toBe(true);
    expect(verdict(doc, () => paragraph.setAttribute(BLOCK_ID_ATTR, 'p2'))).toBe(true);
    expect(verdict(doc, () => paragraph.removeAttribute(BLOCK_ID_ATTR))).toBe(true);
  });
});
