import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bringsNothingNew } from './known-update.js';

/** A server copy with typing and deletions (so every sync step 2 carries a delete set), and a client synced to it. */
function syncedPair(): { server: Y.Doc; client: Y.Doc } {
  const author = new Y.Doc();
  const text = author.getText('t');
  text.insert(0, 'The agreed wording, with a typo typo.');
  text.delete(31, 5);
  author.getArray<number>('list').push([1, 2, 3]);
  author.getArray<number>('list').delete(0, 1);
  const server = new Y.Doc({ gc: true });
  Y.applyUpdate(server, Y.encodeStateAsUpdate(author));
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client };
}

/** What the stock client answers to the server's sync step 1 (y-protocols' writeSyncStep2). */
const stepTwo = (client: Y.Doc, server: Y.Doc) => Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));

describe('bringsNothingNew', () => {
  it("is true for a synced client's sync step 2, which repeats every deletion", () => {
    const { server, client } = syncedPair();
    const answer = stepTwo(client, server);
    expect(Y.decodeUpdate(answer).ds.clients.size).toBeGreaterThan(0);
    expect(bringsNothingNew(server, answer)).toBe(true);
  });

  it('is true for a cached copy sent whole, and for an empty update', () => {
    const { server, client } = syncedPair();
    expect(bringsNothingNew(server, Y.encodeStateAsUpdate(client))).toBe(true);
    expect(bringsNothingNew(server, Y.encodeStateAsUpdate(new Y.Doc()))).toBe(true);
  });

  it('is false for new text, even sent with everything known', () => {
    const { server, client } = syncedPair();
    client.getText('t').insert(0, 'New: ');
    expect(bringsNothingNew(server, stepTwo(client, server))).toBe(false);
    expect(bringsNothingNew(server, Y.encodeStateAsUpdate(client))).toBe(false);
  });

  it('is false for a new deletion of known text (no new structs at all)', () => {
    const { server, client } = syncedPair();
    client.getText('t').delete(0, 4);
    const answer = stepTwo(client, server);
    expect(Y.decodeUpdate(answer).structs).toEqual([]);
    expect(bringsNothingNew(server, answer)).toBe(false);
  });

  it('is false for a deletion beyond what the document has, and for bytes that do not decode', () => {
    const { server } = syncedPair();
    const other = new Y.Doc();
    other.getText('t').insert(0, 'elsewhere');
    const base = Y.encodeStateVector(other);
    other.getText('t').delete(0, 4);
    expect(bringsNothingNew(server, Y.encodeStateAsUpdate(other, base))).toBe(false);
    expect(bringsNothingNew(server, new Uint8Array([255, 255, 255, 255, 1, 2, 3]))).toBe(false);
    expect(bringsNothingNew(server, new Uint8Array())).toBe(false);
  });
});
