import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkUpdate, InvalidUpdateError } from './update-guard.js';
import { MAX_NESTING_DEPTH } from './nesting-depth.js';
import { trimExcessNesting } from './nesting-repair.js';

/** Nests `levels` elements under the fragment's element at `path`-less tail, in the given doc. */
function nest(doc: Y.Doc, levels: number): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.transact(() => {
    let parent: Y.XmlFragment | Y.XmlElement = doc.getXmlFragment('default');
    while (parent.length > 0 && parent.get(parent.length - 1) instanceof Y.XmlElement)
      parent = parent.get(parent.length - 1) as Y.XmlElement;
    for (let i = 0; i < levels; i++) {
      const el = new Y.XmlElement('blockquote');
      parent.insert(parent.length, [el]);
      parent = el;
    }
  });
  return Y.encodeStateAsUpdate(doc, before);
}

describe('nesting limit', () => {
  it('accepts nesting up to the limit and refuses one level more', () => {
    expect(() => checkUpdate(new Y.Doc(), nest(new Y.Doc(), MAX_NESTING_DEPTH))).not.toThrow();
    expect(() => checkUpdate(new Y.Doc(), nest(new Y.Doc(), MAX_NESTING_DEPTH + 1))).toThrow(InvalidUpdateError);
  });

  it('counts the depth the server document already has (a deep update built on it)', () => {
    const client = new Y.Doc();
    const server = new Y.Doc();
    Y.applyUpdate(server, nest(client, MAX_NESTING_DEPTH - 2));
    expect(() => checkUpdate(server, nest(client, 2))).not.toThrow();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
    // A sibling inserted next to the deepest element (parent known only through its origin).
    const sibling = (() => {
      const before = Y.encodeStateVector(client);
      let parent: Y.XmlFragment | Y.XmlElement = client.getXmlFragment('default');
      while (parent.length > 0) parent = parent.get(0) as Y.XmlElement;
      const grand = parent.parent as Y.XmlElement;
      client.transact(() => {
        const el = new Y.XmlElement('blockquote');
        grand.insert(grand.length, [el]);
        el.insert(0, [new Y.XmlElement('paragraph')]);
      });
      return Y.encodeStateAsUpdate(client, before);
    })();
    expect(() => checkUpdate(server, sibling)).toThrow(/deeper/);
  });

  it('trims a stored document that is too deep, bottom up, without overflowing the stack', () => {
    const doc = new Y.Doc();
    nest(doc, 6000);
    expect(trimExcessNesting(doc, doc.getXmlFragment('default'), MAX_NESTING_DEPTH, 'test')).toBe(6000 - MAX_NESTING_DEPTH);
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(doc));
    expect(() => reloaded.getXmlFragment('default').toJSON()).not.toThrow();
  });
});
