import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DurabilityLedger } from './durability';
import { stateVectorOf, unsavedItems } from './save-state';

describe('unsaved changes', () => {
  it('is Σ max(0, local − saved) over client ids', () => {
    expect(
      unsavedItems(
        new Map([
          [1, 10],
          [2, 5],
        ]),
        new Map([
          [1, 7],
          [2, 9],
          [3, 4],
        ]),
      ),
    ).toBe(3);
    expect(unsavedItems(new Map([[1, 3]]), new Map())).toBe(3);
  });

  it('counts local typing until the server says it is saved', () => {
    const doc = new Y.Doc();
    const ledger = new DurabilityLedger();
    doc.getText('t').insert(0, 'hello');
    expect(ledger.unsaved(doc)).toBe(5);
    ledger.saved(stateVectorOf(doc));
    expect(ledger.unsaved(doc)).toBe(0);
  });

  it('treats what arrived from the server as saved, but not our own earlier work', () => {
    const server = new Y.Doc();
    server.getText('t').insert(0, 'from a peer');
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'mine ');
    const ledger = new DurabilityLedger();
    const origin = {};
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.origin === origin) ledger.receivedFromServer(tr);
    });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server), origin);
    expect(ledger.unsaved(doc)).toBe(5);
  });

  it('counts deletions as unsaved until acknowledged, and remembers them across reloads', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'abc');
    const ledger = new DurabilityLedger();
    ledger.saved(stateVectorOf(doc));
    ledger.acks.localDeletion();
    expect(ledger.unsaved(doc)).toBe(1);
    const reloaded = new DurabilityLedger(ledger.snapshot());
    expect(reloaded.unsaved(doc)).toBe(1);
  });
});
