/**
 * Every stock client echoes each presence message it receives, its own state
 * included (y-websocket's provider sends on every awareness change, remote ones
 * too): with 50 sockets that is most of a room's incoming traffic. An entry the
 * document's awareness would ignore (not newer than what it holds) is dropped
 * before its JSON is read; anything that changes presence still goes through
 * the identity rewrite, and ids another connection speaks for stay refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { enforcePresenceIdentity } from '../../src/sync/presence.js';
import type { Principal } from '../../src/sync/types.js';

const ines: Principal = { userId: 'u-ines', name: 'Ines', color: '#123456', role: 'author' };

/** Awareness instances run a timer each: destroyed after every test. */
const created: awarenessProtocol.Awareness[] = [];
afterEach(() => {
  for (const a of created.splice(0)) a.destroy();
});

function serverRoom() {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  created.push(awareness);
  awareness.setLocalState(null);
  return {
    awareness,
    presenceOwners: new Map<number, string>(),
    presenceHolders: new Map<number, object>(),
    get presenceCount() {
      return awareness.getStates().size;
    },
  };
}

/** A client's awareness (its own presence only), as the stock provider keeps it. */
function clientAwareness(clientId: number) {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const awareness = new awarenessProtocol.Awareness(doc);
  created.push(awareness);
  return awareness;
}

/** Through the server as a connection's message would go: checked, then applied. */
function receive(room: ReturnType<typeof serverRoom>, owner: { awarenessClientIds: Set<number> }, update: Uint8Array) {
  const rewritten = enforcePresenceIdentity(update, ines, owner, room);
  if (rewritten) awarenessProtocol.applyAwarenessUpdate(room.awareness, rewritten, owner);
  return rewritten;
}

describe('presence echoes', () => {
  it('an echo of what the server holds yields nothing to apply; a newer state and a removal do', () => {
    const room = serverRoom();
    const conn = { awarenessClientIds: new Set<number>() };
    const client = clientAwareness(7);
    client.setLocalState({ user: { name: 'claimed' }, cursor: null });
    expect(receive(room, conn, awarenessProtocol.encodeAwarenessUpdate(client, [7]))).not.toBeNull();
    expect((room.awareness.getStates().get(7) as { user: { id: string } }).user.id).toBe('u-ines');

    // The server's presence message comes back from the client unchanged (same clock).
    const echo = awarenessProtocol.encodeAwarenessUpdate(room.awareness, [7]);
    expect(enforcePresenceIdentity(echo, ines, conn, room)).toBeNull();

    // The caret moved: newer clock, rewritten and applied.
    client.setLocalStateField('cursor', null);
    client.setLocalStateField('user', { name: 'still claimed', id: 'someone-else' });
    expect(receive(room, conn, awarenessProtocol.encodeAwarenessUpdate(client, [7]))).not.toBeNull();
    expect((room.awareness.getStates().get(7) as { user: { id: string; name: string } }).user).toMatchObject({
      id: 'u-ines',
      name: 'Ines',
    });

    // Leaving: a removal at the clock the server holds still removes.
    const clock = room.awareness.meta.get(7)!.clock;
    const removal = awarenessUpdate(7, clock, 'null');
    expect(receive(room, conn, removal)).not.toBeNull();
    expect(room.awareness.getStates().has(7)).toBe(false);
  });

  it('an id another connection speaks for is refused, and free again once that connection has left', () => {
    const room = serverRoom();
    const first = { awarenessClientIds: new Set<number>() };
    const second = { awarenessClientIds: new Set<number>() };
    expect(receive(room, first, awarenessUpdate(9, 1, '{"cursor":null}'))).not.toBeNull();
    expect(enforcePresenceIdentity(awarenessUpdate(9, 5, '{"cursor":null}'), ines, second, room)).toBeNull();
    // What Room.remove does when the first connection leaves.
    room.presenceHolders.delete(9);
    expect(enforcePresenceIdentity(awarenessUpdate(9, 5, '{"cursor":null}'), ines, second, room)).not.toBeNull();
  });

  it('still refuses an oversized state, echo or not', () => {
    const room = serverRoom();
    const conn = { awarenessClientIds: new Set<number>() };
    expect(() => enforcePresenceIdentity(awarenessUpdate(3, 1, JSON.stringify({ pad: 'x'.repeat(5000) })), ines, conn, room)).toThrow(
      'presence state too large',
    );
  });
});

/** One entry in y-protocols' wire format: a count, then client id, clock and the state as JSON text. */
function awarenessUpdate(clientId: number, clock: number, json: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, clientId);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, json);
  return encoding.toUint8Array(e);
}
