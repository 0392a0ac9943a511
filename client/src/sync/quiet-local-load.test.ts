/**
 * The transaction that loads the local copy emits no `update` (Yjs would encode
 * the whole report for it); every other transaction does, before and after, and
 * every listener is back once the load has been cleaned up.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { quietLocalLoad, quietLoadCounters } from './quiet-local-load';

function reportUpdate(paragraphs: number): Uint8Array {
  const source = new Y.Doc();
  const text = source.getText('t');
  for (let i = 0; i < paragraphs; i++) text.insert(text.length, `Paragraph ${i}. `);
  return Y.encodeStateAsUpdate(source);
}

describe('quietLocalLoad', () => {
  it('keeps the local-copy load quiet and everything else announced', async () => {
    const doc = new Y.Doc();
    const localCopy = { name: 'local copy' };
    const heard: unknown[] = [];
    doc.on('update', (_update: Uint8Array, origin: unknown) => heard.push(origin));
    const loud = quietLocalLoad(doc, localCopy);
    const before = quietLoadCounters.quietLoads;

    doc.transact(() => Y.applyUpdate(doc, reportUpdate(200)), localCopy);
    // A listener added in the same turn (as the provider's might be) is kept too.
    const late: unknown[] = [];
    doc.on('update', (_update: Uint8Array, origin: unknown) => late.push(origin));
    await Promise.resolve();

    doc.getText('t').insert(0, 'typed ');
    expect(doc.getText('t').toString().startsWith('typed Paragraph 0.')).toBe(true);
    expect(heard).toEqual([null]);
    expect(late).toEqual([null]);
    expect(quietLoadCounters.quietLoads).toBe(before + 1);

    // Once the load is over, even that origin is announced again.
    loud();
    doc.transact(() => doc.getText('t').insert(0, 'x'), localCopy);
    expect(heard).toEqual([null, localCopy]);
  });
});
