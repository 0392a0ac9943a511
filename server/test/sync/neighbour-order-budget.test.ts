/**
 * The room's integration budget (`RoomOptions.integrationBudget`) bounds the guard's
 * neighbour-order walk too (neighbour-order.ts), not only Yjs's integration: a room
 * configured with a small budget refuses an update whose neighbours stand further apart
 * than that budget lets the walk go, while honest typing still goes through.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { InvalidUpdateError } from '../../src/sync/update-guard.js';
import { defaultRoomOptions } from '../../src/sync/room.js';
import { integrationLimit } from '../../src/sync/integration-budget.js';
import { ana, connect, eva, roomPerTest, typist } from './room-fixture.js';

const openRoom = roomPerTest();

/** Characters in the text, each its own item (typed at the start, one after the other). */
const LENGTH = 3000;
/** The two neighbours the far item names: in order, LEFT before RIGHT, far apart. */
const LEFT = 100;
const RIGHT = 1500;
/**
 * What the walk costs for them: it steps from both at once until the left one reaches the
 * right one (RIGHT - LEFT items) or the right one the end (LENGTH - RIGHT), two steps a turn.
 */
const WALK = 2 * Math.min(RIGHT - LEFT, LENGTH - RIGHT);
/** A budget whose limit for a one-struct update is below the walk's cost, and roomy enough for typing. */
const SMALL = { base: WALK / 4, perStruct: 4 };

/** Ana's text of LENGTH separate items, applied to the room; and Eva's copy of it. */
async function longText() {
  const fixture = await openRoom();
  const [author, other] = connect(fixture.room, ana, eva);
  const a = typist();
  a.doc.transact(() => {
    for (let k = 0; k < LENGTH; k++) a.text.insert(0, String(k % 10));
  });
  fixture.room.applyClientUpdate(author, a.updates[0]!);
  await fixture.rooms.batcher.drain();
  return { ...fixture, author, other, e: typist(a.doc) };
}

/**
 * Eva's one character typed after position LEFT, claiming as its right neighbour the
 * character at position RIGHT: in order, but not adjacent (what no editor sends).
 */
function farApartNeighbours(e: ReturnType<typeof typist>): Uint8Array {
  const before = Y.encodeStateVector(e.doc);
  const right = itemAt(e.text, RIGHT);
  e.text.insert(LEFT + 1, 'x');
  const mine = itemAt(e.text, LEFT + 1);
  mine.rightOrigin = right.id;
  return Y.encodeStateAsUpdate(e.doc, before);
}

function itemAt(text: Y.Text, position: number): Y.Item {
  let item = text._start;
  for (let p = 0; item !== null; item = item.right) {
    if (item.deleted) continue;
    if (p <= position && position < p + item.length) return item;
    p += item.length;
  }
  throw new Error(`no item at ${position}`);
}

function catching(run: () => void): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe("the neighbour-order walk is bounded by the room's integration budget", () => {
  it('the budgets the test relies on: the default lets the walk finish, the small one does not', () => {
    expect(integrationLimit(1, defaultRoomOptions.integrationBudget)).toBeGreaterThan(WALK);
    expect(integrationLimit(1, SMALL)).toBeLessThan(WALK);
  });

  it('under the default budget, an item whose neighbours are in order but far apart is walked and accepted', async () => {
    const { room, other, e } = await longText();
    room.applyClientUpdate(other, farApartNeighbours(e));
    expect(room.doc.getText('t').length).toBe(LENGTH + 1);
    expect(other.closedWith).toBeUndefined();
  });

  it('under a small budget, the same item is refused before anything is applied, and honest typing still goes through', async () => {
    const { room, options, author, other, e } = await longText();
    options.integrationBudget = SMALL;

    const refusal = catching(() => room.applyClientUpdate(other, farApartNeighbours(e)));
    expect(refusal).toBeInstanceOf(InvalidUpdateError);
    expect((refusal as Error).message).toMatch(/too far apart/);
    expect(room.doc.getText('t').length).toBe(LENGTH);
    expect(room.isClosed).toBe(false);

    // Typing between two adjacent characters walks nothing: within any budget.
    const honest = typist(room.doc);
    honest.text.insert(LEFT + 1, 'y');
    room.applyClientUpdate(author, honest.updates[0]!);
    expect(room.doc.getText('t').toString()).toBe(honest.text.toString());
    expect(author.closedWith).toBeUndefined();
  });
});
