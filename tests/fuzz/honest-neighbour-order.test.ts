/**
 * The neighbour-order check (server/src/sync/neighbour-order.ts) must never
 * refuse what stock Yjs makes. Several plain Y.Docs edit at once the way
 * Concord documents are shaped (support/edits.ts): their updates reach the
 * "server" document late and interleaved, others receive them late too, peers
 * go offline, edit, swap edits with each other while offline, and come back
 * with a sync step 2 holding their own and others' offline work. Every update
 * goes through the whole guard (checkUpdate) before it is applied; none may be
 * refused, and the walk the check takes is counted (cost that must stay small).
 *
 * Replay: ORDER_SEED=… ORDER_STEPS=… npx vitest run tests/fuzz/honest-neighbour-order.test.ts
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkUpdate, hasPendingState } from '@concord/server/sync/update-guard';
import { checkNeighbourOrder } from '@concord/server/sync/neighbour-order';
import { contentOf } from './support/doc-state.js';
import { randomEdit } from './support/edits.js';
import { intFromEnv, Random, seedFromEnv } from './support/random.js';

const SEED = seedFromEnv('ORDER_SEED', 20261204);
const STEPS = intFromEnv('ORDER_STEPS', 1500);
const PEERS = 5;

interface Peer {
  doc: Y.Doc;
  online: boolean;
  /** Its updates not yet at the server, in order. */
  outbox: Uint8Array[];
  /** Updates from the server not yet applied, in order. */
  inbox: Uint8Array[];
}

describe('honest editing passes the neighbour-order check', () => {
  it(`concurrent and offline edits of ${PEERS} stock Yjs docs are never refused (seed ${SEED}, ${STEPS} steps)`, () => {
    const r = new Random(SEED);
    const server = new Y.Doc();
    const peers: Peer[] = Array.from({ length: PEERS }, () => {
      const doc = new Y.Doc();
      doc.clientID = r.clientId();
      return { doc, online: true, outbox: [], inbox: [] };
    });
    const stats = { updates: 0, structs: 0, steps: 0, mostSteps: 0, offlineMerges: 0, multiClientMerges: 0 };

    /** What the server does with an update: the guard, then Yjs; then it goes to the other online peers. */
    const receive = (update: Uint8Array, from: Peer) => {
      const structs = checkUpdate(server, update); // throws InvalidUpdateError when refused
      const steps = checkNeighbourOrder(server, structs, Infinity);
      stats.updates++;
      stats.structs += structs.length;
      stats.steps += steps;
      stats.mostSteps = Math.max(stats.mostSteps, steps);
      Y.applyUpdate(server, update);
      expect(hasPendingState(server)).toBe(false);
      for (const p of peers) if (p !== from && p.online) p.inbox.push(update);
    };
    const reconnect = (p: Peer) => {
      // The peer's sync step 2: all it has that the server lacks, its own and others' offline work.
      const answer = Y.encodeStateAsUpdate(p.doc, Y.encodeStateVector(server));
      if (new Set(Y.decodeUpdate(answer).structs.map((s) => s.id.client)).size > 1) stats.multiClientMerges++;
      stats.offlineMerges++;
      receive(answer, p);
      Y.applyUpdate(p.doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(p.doc)));
      p.online = true;
    };

    for (let step = 0; step < STEPS; step++) {
      const p = peers[r.int(PEERS)]!;
      const roll = r.next();
      if (roll < 0.5) {
        // An edit: queued for the server when online (it arrives later, interleaved with others').
        const before = Y.encodeStateVector(p.doc);
        randomEdit(p.doc, r, { blockIds: r.chance(0.7) });
        if (p.online) p.outbox.push(Y.encodeStateAsUpdate(p.doc, before));
      } else if (roll < 0.7) {
        if (p.outbox.length > 0) receive(p.outbox.shift()!, p);
      } else if (roll < 0.9) {
        if (p.inbox.length > 0) Y.applyUpdate(p.doc, p.inbox.shift()!);
      } else if (roll < 0.95) {
        // Connection lost: what was in flight is lost with it (the peer resends it on reconnecting).
        if (p.online) Object.assign(p, { online: false, outbox: [], inbox: [] });
        else reconnect(p);
      } else {
        // Two offline peers swap their work (tabs of one device, or a shared file).
        const other = peers.find((q) => q !== p && !q.online);
        if (!p.online && other) {
          Y.applyUpdate(other.doc, Y.encodeStateAsUpdate(p.doc, Y.encodeStateVector(other.doc)));
          Y.applyUpdate(p.doc, Y.encodeStateAsUpdate(other.doc, Y.encodeStateVector(p.doc)));
        }
      }
    }
    // Everyone back: everything reaches the server, and all copies agree.
    for (const p of peers) {
      while (p.outbox.length > 0) receive(p.outbox.shift()!, p);
      if (!p.online) reconnect(p);
    }
    for (const p of peers) Y.applyUpdate(p.doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(p.doc)));
    for (const p of peers) expect(contentOf(p.doc)).toBe(contentOf(server));

    console.info(`honest neighbour order (seed ${SEED}): ${JSON.stringify(stats)}`);
    expect(stats.offlineMerges).toBeGreaterThan(10);
    expect(stats.multiClientMerges).toBeGreaterThan(0);
  });
});
