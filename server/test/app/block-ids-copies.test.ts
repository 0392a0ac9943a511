/**
 * Several server processes may each give an id to the same new block before
 * hearing of the other's (REDIS_URL): the id comes from the block itself, so
 * every copy gives the same one.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BLOCK_ID_ATTR, docFragment } from '@concord/shared';
import { assignMissingBlockIds } from '../../src/consensus/block-ids.js';

describe('assignMissingBlockIds in two copies of one document', () => {
  it('gives each block the same id in both, and different blocks different ids', () => {
    const source = new Y.Doc();
    const fragment = docFragment(source);
    fragment.insert(
      0,
      ['One', 'Two', 'Three'].map((text) => {
        const p = new Y.XmlElement('paragraph');
        p.insert(0, [new Y.XmlText(text)]);
        return p;
      }),
    );
    const copies = [new Y.Doc(), new Y.Doc()];
    for (const copy of copies) Y.applyUpdate(copy, Y.encodeStateAsUpdate(source));
    for (const copy of copies) expect(assignMissingBlockIds(copy)).toBe(3);
    const ids = copies.map((copy) =>
      docFragment(copy)
        .toArray()
        .map((p) => (p as Y.XmlElement).getAttribute(BLOCK_ID_ATTR)),
    );
    expect(ids[0]).toEqual(ids[1]);
    expect(new Set(ids[0]).size).toBe(3);
    // Once both copies hear each other, nothing differs.
    Y.applyUpdate(copies[0]!, Y.encodeStateAsUpdate(copies[1]!));
    Y.applyUpdate(copies[1]!, Y.encodeStateAsUpdate(copies[0]!));
    expect(docFragment(copies[0]!).toString()).toBe(docFragment(copies[1]!).toString());
    expect(
      docFragment(copies[0]!)
        .toArray()
        .map((p) => (p as Y.XmlElement).getAttribute(BLOCK_ID_ATTR)),
    ).toEqual(ids[0]);
  });
});
