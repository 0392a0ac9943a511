// @vitest-environment happy-dom
/**
 * The incremental binding under seeded random concurrent edits: three editors
 * insert, delete, split, join, toggle marks and undo, with updates delivered in
 * random portions; at every delivery each editor must show exactly what its
 * Y.Doc holds, and at the end all three hold the same document with the same
 * block ids. Replay a failure with BINDING_SEED=<seed>.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Editor } from '@tiptap/core';
import { BLOCK_ID_ATTR, isBlockNodeType } from '@concord/shared';
import { installIncrementalSync } from './incremental-sync';
import { bindingCounters, resetBindingCounters } from './counters';
import { createPeers, deliver, destroyPeers, NETWORK, settle, yjsDocOf, type Peer } from './test-peers';
import { random, randomEdit, START } from './random-edits';
import { RemoteInbox } from '../../sync/remote-inbox';
import { testFrames } from '../../sync/test-frames';

const SEEDS = process.env.BINDING_SEED ? [Number(process.env.BINDING_SEED)] : [1, 2, 3, 4, 5];
const STEPS = 160;

let peers: Peer[] = [];
beforeAll(() => installIncrementalSync());
afterEach(() => destroyPeers(peers.splice(0)));

/** Settled: every peer shows its own Y.Doc, and all show the same document with the same block ids. */
function expectConverged(peers: readonly Peer[], seed: number): void {
  const [a, ...rest] = peers;
  for (const peer of peers) expectShowsItsYDoc(peer, `seed ${seed}, settled`);
  for (const peer of rest) {
    expect(peer.editor.state.doc.toJSON(), `${peer.name} = A`).toEqual(a!.editor.state.doc.toJSON());
    expect(ids(peer.editor)).toEqual(ids(a!.editor));
  }
}

function ids(editor: Editor): (string | null)[] {
  const out: (string | null)[] = [];
  editor.state.doc.descendants((node) => {
    if (isBlockNodeType(node.type.name)) out.push((node.attrs[BLOCK_ID_ATTR] as string | null) ?? null);
    return true;
  });
  return out;
}

function expectShowsItsYDoc(peer: Peer, context: string): void {
  const fromYjs = yjsDocOf(peer);
  // Everything deleted concurrently: ProseMirror needs a block, and y-tiptap puts in one empty paragraph
  // (it reaches Yjs with this peer's next edit).
  if (fromYjs.childCount === 0) {
    expect(peer.editor.state.doc.childCount, `${peer.name} shows an empty document (${context})`).toBe(1);
    expect(peer.editor.state.doc.textContent).toBe('');
    return;
  }
  expect(peer.editor.state.doc.toJSON(), `${peer.name} shows its Y.Doc (${context})`).toEqual(fromYjs.toJSON());
}

describe('incremental binding: seeded random concurrent edits', () => {
  for (const seed of SEEDS) {
    it(`three editors converge to the same document and block ids (seed ${seed})`, () => {
      const r = random(seed);
      peers = createPeers(3);
      peers[0]!.editor.commands.setContent(START);
      settle(peers);
      resetBindingCounters();
      const done: Record<string, number> = {};
      for (let step = 0; step < STEPS; step++) {
        const peer = r.pick(peers);
        if (r.next() < 0.6) {
          const op = randomEdit(peer, r);
          done[op] = (done[op] ?? 0) + 1;
        } else {
          deliver(peer, r.int(peer.inbox.length + 1));
          expectShowsItsYDoc(peer, `seed ${seed}, step ${step}`);
        }
      }
      settle(peers);
      expectConverged(peers, seed);
      expect(bindingCounters.incrementalUpdates).toBeGreaterThan(0);
      expect(bindingCounters.fullUpdates).toBe(0);
      // Both ways: changes inside blocks found from their Y types, and the others from the block lists.
      expect(bindingCounters.inPlaceUpdates).toBeGreaterThan(0);
      expect(bindingCounters.inPlaceUpdates).toBeLessThan(bindingCounters.incrementalUpdates);
      expect(Object.keys(done).length).toBeGreaterThanOrEqual(8);
    }, 60_000);
  }
});

/**
 * The same, with updates applied as the client's session applies them: they wait in a
 * RemoteInbox and each frame applies what arrived in one transaction, while the peer goes on
 * typing on a document that does not have them yet (sync/remote-inbox.ts).
 */
describe('incremental binding: updates applied once a frame, local edits in between', () => {
  for (const seed of SEEDS) {
    it(`three editors converge to the same document and block ids (seed ${seed})`, () => {
      const r = random(seed * 7919);
      peers = createPeers(3);
      peers[0]!.editor.commands.setContent(START);
      settle(peers);
      resetBindingCounters();
      const inboxes = new Map(
        peers.map((peer) => {
          const frames = testFrames();
          return [peer, { frames, inbox: new RemoteInbox(peer.doc, NETWORK, frames.scheduler) }] as const;
        }),
      );
      let batched = 0;
      for (let step = 0; step < STEPS; step++) {
        const peer = r.pick(peers);
        const { frames, inbox } = inboxes.get(peer)!;
        const roll = r.next();
        if (roll < 0.55) randomEdit(peer, r);
        else if (roll < 0.8) for (const update of peer.inbox.splice(0, r.int(peer.inbox.length + 1))) inbox.receiveUpdate(update);
        else {
          if (frames.scheduler.pending) batched++;
          frames.frame();
          expectShowsItsYDoc(peer, `seed ${seed}, step ${step}`);
        }
      }
      for (let round = 0; round < 10; round++) {
        for (const { inbox } of inboxes.values()) inbox.flush();
        settle(peers);
      }
      expectConverged(peers, seed);
      expect(batched).toBeGreaterThan(5);
      expect(bindingCounters.fullUpdates).toBe(0);
    }, 60_000);
  }
});
