import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkUpdate, hasPendingState, InvalidUpdateError } from './update-guard.js';

function docWithText(text: string, clientID?: number): Y.Doc {
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  doc.getText('t').insert(0, text);
  return doc;
}

/** A small seeded PRNG (mulberry32) so fuzz failures can be replayed. */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('update guard', () => {
  it('accepts an ordinary update and applying it leaves nothing pending', () => {
    const server = new Y.Doc();
    const update = Y.encodeStateAsUpdate(docWithText('hello'));
    expect(() => checkUpdate(server, update)).not.toThrow();
    Y.applyUpdate(server, update);
    expect(hasPendingState(server)).toBe(false);
    expect(server.getText('t').toString()).toBe('hello');
  });

  it('refuses empty and undecodable updates', () => {
    const server = new Y.Doc();
    expect(() => checkUpdate(server, new Uint8Array())).toThrow(InvalidUpdateError);
    expect(() => checkUpdate(server, new Uint8Array([255, 255, 255, 255, 1, 2, 3]))).toThrow(InvalidUpdateError);
  });

  it('refuses an update whose earlier changes the server does not have (it would stay pending forever)', () => {
    const client = docWithText('abc', 7);
    const before = Y.encodeStateVector(client);
    client.getText('t').insert(3, 'def');
    const onlyTheSecondEdit = Y.encodeStateAsUpdate(client, before);
    const server = new Y.Doc();
    expect(() => checkUpdate(server, onlyTheSecondEdit)).toThrow(/does not have/);
    // Had it been applied, Yjs would have parked it:
    Y.applyUpdate(server, onlyTheSecondEdit);
    expect(hasPendingState(server)).toBe(true);
  });

  it('refuses an update that deletes content the server does not have', () => {
    const client = docWithText('abc', 9);
    const server = new Y.Doc();
    const sv = Y.encodeStateVector(client);
    client.getText('t').delete(0, 1);
    const deletion = Y.encodeStateAsUpdate(client, sv);
    expect(() => checkUpdate(server, deletion)).toThrow(InvalidUpdateError);
  });

  it('refuses an insertion next to content from a client the server has never seen', () => {
    const a = docWithText('abc', 11);
    const b = new Y.Doc();
    b.clientID = 12;
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const sv = Y.encodeStateVector(b);
    b.getText('t').insert(1, 'X');
    const onlyB = Y.encodeStateAsUpdate(b, sv);
    expect(() => checkUpdate(new Y.Doc(), onlyB)).toThrow(InvalidUpdateError);
  });

  it('fuzz: mutated updates either are refused or apply completely (seeded, replayable)', () => {
    const random = prng(20261123);
    const base = docWithText('The commission agrees on this paragraph.', 1);
    base.getXmlFragment('default').insert(0, [new Y.XmlElement('paragraph')]);
    const valid = Y.encodeStateAsUpdate(base);
    let refused = 0;
    let accepted = 0;
    let surprises = 0;
    for (let i = 0; i < 3000; i++) {
      const mutated = valid.slice();
      const flips = 1 + Math.floor(random() * 4);
      for (let f = 0; f < flips; f++) mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
      const server = new Y.Doc();
      try {
        checkUpdate(server, mutated);
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidUpdateError);
        refused++;
        continue;
      }
      accepted++;
      try {
        Y.applyUpdate(server, mutated);
        if (hasPendingState(server)) surprises++;
      } catch {
        surprises++;
      }
    }
    // The room treats a surprise as "reload from the store", never as something to
    // store; the guard's job is to make that rare.
    console.info(`update-guard fuzz: ${refused} refused, ${accepted} accepted, ${surprises} surprises`);
    expect(refused + accepted).toBe(3000);
    expect(surprises / 3000).toBeLessThan(0.01);
  });
});
