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

  it('counts only this device’s edits: another person’s, from the server, is neither unsaved nor recorded as saved', () => {
    const peer = new Y.Doc();
    peer.getText('t').insert(0, 'from a peer');
    const doc = new Y.Doc();
    const ledger = new DurabilityLedger();
    const server = fromServer(doc, ledger);
    doc.getText('t').insert(0, 'mine ');
    ledger.writesHere(doc.clientID);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer), server);
    expect(ledger.unsaved(doc)).toBe(5);
    // Received is not saved: the server relays an update before committing it.
    expect(ledger.snapshot().stateVector.has(peer.clientID)).toBe(false);
    // After a reload (the record kept next to the local copy), the peer's words still do not count.
    const reloaded = new DurabilityLedger(ledger.snapshot());
    expect(reloaded.unsaved(doc)).toBe(5);
    reloaded.saved(stateVectorOf(doc));
    expect(reloaded.unsaved(doc)).toBe(0);
  });

  it('an edit of another tab here that the server relays first stays unsaved until the server confirms it', () => {
    const otherTab = new Y.Doc();
    const doc = new Y.Doc();
    const ledger = new DurabilityLedger();
    const ownArrivals: boolean[] = [];
    const server = fromServer(doc, ledger, ownArrivals);
    // The other tab introduced itself (every tab message names its client id) and typed.
    expect(ledger.writesHere(otherTab.clientID)).toBe(false);
    otherTab.getText('t').insert(0, 'typed next door');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(otherTab), server);
    expect(ownArrivals).toEqual([true]); // the session then asks the server for a `saved` (a probe)
    expect(ledger.unsaved(doc)).toBe(15);
    ledger.saved(stateVectorOf(doc));
    expect(ledger.unsaved(doc)).toBe(0);
  });

  it('a tab whose edits came from the server before it introduced itself counts them again', () => {
    const otherTab = new Y.Doc();
    otherTab.getText('t').insert(0, 'early');
    const doc = new Y.Doc();
    const ledger = new DurabilityLedger();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(otherTab), fromServer(doc, ledger));
    expect(ledger.unsaved(doc)).toBe(0);
    expect(ledger.writesHere(otherTab.clientID)).toBe(true); // so the session asks for a `saved`
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

/**
 * A transaction origin standing for the server: the ledger hears of each transaction applied
 * with it, as DocSession wires it; `ownArrivals` gets what it answers (this device's edits or not).
 */
describe('unsaved changes after each transaction', () => {
  it('counts the same from the transaction’s state vector as from the document (no encoding per keystroke)', () => {
    const peer = new Y.Doc();
    const doc = new Y.Doc();
    const ledger = new DurabilityLedger();
    const server = fromServer(doc, ledger);
    const fromTransactions: number[] = [];
    const fromDocument: number[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      fromTransactions.push(ledger.unsavedFrom(tr.afterState));
      fromDocument.push(ledger.unsaved(doc));
    });
    ledger.writesHere(doc.clientID);
    for (let i = 0; i < 20; i++) {
      doc.getText('t').insert(0, 'ab');
      if (i % 3 === 0) doc.getText('t').delete(0, 1);
      if (i % 4 === 0) {
        peer.getText('p').insert(0, 'peer');
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer), server);
      }
      if (i % 5 === 0) ledger.saved(stateVectorOf(doc));
    }
    expect(fromTransactions).toEqual(fromDocument);
    // Read from the store, the state vector is the one Yjs encodes.
    expect(stateVectorOf(doc)).toEqual(Y.decodeStateVector(Y.encodeStateVector(doc)));
    expect(stateVectorOf(peer)).toEqual(Y.decodeStateVector(Y.encodeStateVector(peer)));
    expect(fromTransactions.at(-1)).toBeGreaterThan(0);
  });
});

function fromServer(doc: Y.Doc, ledger: DurabilityLedger, ownArrivals: boolean[] = []): object {
  const origin = {};
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (tr.origin === origin) ownArrivals.push(ledger.receivedFromServer(tr));
  });
  return origin;
}
