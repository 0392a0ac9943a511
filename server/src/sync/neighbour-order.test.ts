/**
 * The neighbour-order check alone (neighbour-order.ts): what it refuses, and that its
 * walk is counted and bounded by what lies near the two neighbours, not by the list.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkNeighbourOrder, NeighbourOrderError } from './neighbour-order.js';

const WRITER = 7;
const ATTACKER = 99;

/** A root list of `n` separate items (each inserted at the start, so item k is at position n-1-k). */
function listDoc(n: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = WRITER;
  const list = doc.getArray<number>('list');
  doc.transact(() => {
    for (let k = 0; k < n; k++) list.insert(0, [k]);
  });
  return doc;
}
const item = (k: number) => Y.createID(WRITER, k);

/** An attacker's one-item update into the list, decoded as the guard hands it over, with the neighbours it claims. */
function claim(doc: Y.Doc, origin: Y.ID, rightOrigin: Y.ID): Y.Item[] {
  const attacker = new Y.Doc();
  attacker.clientID = ATTACKER;
  Y.applyUpdate(attacker, Y.encodeStateAsUpdate(doc));
  attacker.getArray<number>('list').insert(1, [0]);
  const [struct] = Y.decodeUpdate(Y.encodeStateAsUpdate(attacker, Y.encodeStateVector(doc))).structs;
  if (!(struct instanceof Y.Item)) throw new Error('expected one item');
  struct.origin = origin;
  struct.rightOrigin = rightOrigin;
  return [struct];
}

/** The arguments of a check of one claimed item on `doc`, with a cap of 100 steps. */
const onList = (doc: Y.Doc, origin: Y.ID, rightOrigin: Y.ID) => [doc, claim(doc, origin, rightOrigin), 100] as const;

describe('neighbour order', () => {
  it('an item between two adjacent neighbours walks nothing', () => {
    const doc = listDoc(3000);
    // Item 10 stands right before item 9.
    expect(checkNeighbourOrder(doc, claim(doc, item(10), item(9)), 100)).toBe(0);
  });

  it('refuses reversed neighbours at a cost that does not grow with the list', () => {
    const steps = [3000, 30_000].map((n) => {
      // Right neighbour at the list's start, left one five items from its end: the walk from the
      // left one reaches the end in a few steps, whatever lies between them.
      try {
        checkNeighbourOrder(...onList(listDoc(n), item(5), item(n - 1)));
      } catch (err) {
        expect(err).toBeInstanceOf(NeighbourOrderError);
        expect((err as Error).message).toMatch(/comes before its left one/);
        return (err as NeighbourOrderError).steps;
      }
      throw new Error('not refused');
    });
    expect(steps[0]).toBeLessThan(20);
    expect(steps[1]).toBe(steps[0]);
    // The right way round, the same: the walk from the right neighbour ends the race.
    const counts = [3000, 30_000].map((n) => checkNeighbourOrder(...onList(listDoc(n), item(n - 1), item(5))));
    expect(counts[0]).toBeLessThan(20);
    expect(counts[1]).toBe(counts[0]);
  });

  it('refuses the same character on both sides, and neighbours in different lists', () => {
    const doc = listDoc(10);
    doc.getText('t').insert(0, 'ab');
    expect(() => checkNeighbourOrder(doc, claim(doc, item(3), item(3)), 100)).toThrow(NeighbourOrderError);
    expect(() => checkNeighbourOrder(doc, claim(doc, item(3), item(10)), 100)).toThrow(/different lists/);
  });

  it('refuses once the walk would pass the cap', () => {
    const doc = listDoc(1000);
    // In order, 490 items apart, with 500 more after the right one: both walks are long.
    expect(() => checkNeighbourOrder(doc, claim(doc, item(990), item(500)), 100)).toThrow(/too far apart/);
    expect(checkNeighbourOrder(doc, claim(doc, item(990), item(500)), 10_000)).toBeGreaterThan(900);
  });
});
