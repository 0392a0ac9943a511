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
import { RemoteInbox } from '../../sync/remote-inbox';
import { testFrames } from '../../sync/test-frames';

const SEEDS = process.env.BINDING_SEED ? [Number(process.env.BINDING_SEED)] : [1, 2, 3, 4, 5];
const STEPS = 160;

let peers: Peer[] = [];
beforeAll(() => installIncrementalSync());
afterEach(() => destroyPeers(peers.splice(0)));

/** Small deterministic generator (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

/** A random position inside some text block. */
function textPos(editor: Editor, r: ReturnType<typeof random>): number {
  const spots: [number, number][] = [];
  editor.state.doc.descendants((node, pos) => {
    if (node.isTextblock) spots.push([pos + 1, pos + 1 + node.content.size]);
    return !node.isTextblock;
  });
  const [from, to] = r.pick(spots);
  return from + r.int(to - from + 1);
}

// No astral characters: a random deletion can split a surrogate pair, which Yjs and ProseMirror repair differently (not the binding's doing).
const WORDS = ['agreed ', 'wages ', 'x', 'the commission ', 'ß', 'é'];

function randomEdit(peer: Peer, r: ReturnType<typeof random>): string {
  const { editor } = peer;
  const op = r.int(10);
  const at = textPos(editor, r);
  editor.commands.setTextSelection(at);
  switch (op) {
    case 0:
    case 1:
    case 2:
      editor.commands.insertContent(r.pick(WORDS));
      return 'insert';
    case 3: {
      const to = Math.min(editor.state.doc.content.size - 1, at + 1 + r.int(12));
      editor.commands.deleteRange({ from: at, to: Math.max(at, to) });
      return 'delete';
    }
    case 4:
      editor.commands.splitBlock();
      return 'split';
    case 5: {
      const $at = editor.state.doc.resolve(at);
      editor.commands.setTextSelection($at.start());
      editor.commands.joinBackward();
      return 'join';
    }
    case 6: {
      const to = Math.min(editor.state.doc.resolve(at).end(), at + 1 + r.int(8));
      editor.commands.setTextSelection({ from: at, to });
      editor
        .chain()
        .toggleMark(r.pick(['bold', 'italic']))
        .run();
      return 'mark';
    }
    case 7:
      editor.commands.undo();
      return 'undo';
    case 8:
      editor.commands.redo();
      return 'redo';
    default:
      editor.commands.insertContent(`<p>new ${r.int(100)}</p>`);
      return 'paragraph';
  }
}

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

const START =
  '<h2>Findings</h2><p>Alpha beta gamma.</p><ul><li><p>One</p></li><li><p>Two</p></li></ul><blockquote><p>Quoted.</p></blockquote><p>Last words here.</p>';

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
