// @vitest-environment happy-dom
/**
 * The top-level index gives exactly y-tiptap's relative positions (and absolute positions back):
 * for every position of random documents (nested lists, tables, block boundaries, the document's
 * end), and for every conversion y-tiptap itself makes — undo plugin, binding — while three
 * editors edit concurrently (each checked against the walk from the top as it is made). And it
 * costs the same lookups at the end of 1,500 blocks as at the start of 300.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Editor } from '@tiptap/core';
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  setTopLevelIndex,
  ySyncPluginKey,
  type ProsemirrorBinding,
  type TopLevelIndex,
} from '@tiptap/y-tiptap';
import { installIncrementalSync } from './incremental-sync';
import { BlockSizes } from './block-sizes';
import { installTopLevelIndex, resetTopLevelIndexCounters, TrackedMapping, topLevelIndexCounters } from './top-level-index';
import { createPeers, deliver, destroyPeers, seedReport, settle, type Peer } from './test-peers';
import { random, randomEdit } from './random-edits';

type YType = Y.AbstractType<any>;

let peers: Peer[] = [];
beforeAll(() => installIncrementalSync());
afterEach(() => {
  destroyPeers(peers.splice(0));
  installTopLevelIndex();
});
afterAll(() => installTopLevelIndex());

function bindingOf(editor: Editor): ProsemirrorBinding {
  return (ySyncPluginKey.getState(editor.state) as { binding: ProsemirrorBinding }).binding;
}

function json(rel: Y.RelativePosition): string {
  return JSON.stringify(Y.relativePositionToJSON(rel));
}

/** y-tiptap's conversion of `pos`, walking from the top (no index). */
function walked(binding: ProsemirrorBinding, pos: number): Y.RelativePosition {
  setTopLevelIndex(null);
  try {
    return absolutePositionToRelativePosition(pos, binding.type, binding.mapping) as Y.RelativePosition;
  } finally {
    installTopLevelIndex();
  }
}

function walkedBack(binding: ProsemirrorBinding, rel: Y.RelativePosition): number | null {
  setTopLevelIndex(null);
  try {
    return relativePositionToAbsolutePosition(binding.doc, binding.type, rel, binding.mapping);
  } finally {
    installTopLevelIndex();
  }
}

/** Every position of the editor's document, both ways, with the index and without: the same. */
function expectSameEverywhere(peer: Peer, context: string): number {
  const binding = bindingOf(peer.editor);
  const size = peer.editor.state.doc.content.size;
  let compared = 0;
  for (let pos = 0; pos <= size; pos++) {
    const ours = absolutePositionToRelativePosition(pos, binding.type, binding.mapping) as Y.RelativePosition;
    const theirs = walked(binding, pos);
    expect(json(ours), `${context}: position ${pos} of ${size}`).toBe(json(theirs));
    expect(relativePositionToAbsolutePosition(binding.doc, binding.type, ours, binding.mapping), `${context}: back from ${pos}`).toBe(
      walkedBack(binding, ours),
    );
    compared++;
  }
  return compared;
}

/**
 * The index as y-tiptap sees it, checking each answer against the walk from the top at the moment
 * it is asked (inside transactions, observers, plugin state updates). Mismatches are collected,
 * not thrown: y-tiptap calls this from inside Yjs observers.
 */
function checkingIndex() {
  const mismatches: string[] = [];
  let checked = 0;
  const index: TopLevelIndex = {
    startOf(pos, type, mapping) {
      if (!(mapping instanceof TrackedMapping)) return null;
      const start = mapping.startOf(pos);
      if (start) {
        setTopLevelIndex(null);
        const theirs = absolutePositionToRelativePosition(pos, type, mapping) as Y.RelativePosition;
        setTopLevelIndex({ startOf: () => start, offsetOf: () => null });
        const ours = absolutePositionToRelativePosition(pos, type, mapping) as Y.RelativePosition;
        setTopLevelIndex(index);
        checked++;
        if (json(ours) !== json(theirs)) mismatches.push(`startOf(${pos}): ${json(ours)} != ${json(theirs)}`);
      }
      return start;
    },
    offsetOf(type, documentType, mapping) {
      if (!(mapping instanceof TrackedMapping)) return null;
      const offset = mapping.offsetOf(type);
      if (offset !== null) {
        checked++;
        const theirs = walkedOffset(type, documentType as unknown as YType, mapping);
        if (offset !== theirs) mismatches.push(`offsetOf: ${offset} != ${theirs}`);
      }
      return offset;
    },
  };
  return { index, mismatches, checked: () => checked };
}

/** y-tiptap's sum over the top-level types before `type` (relativePositionToAbsolutePosition's loop). */
function walkedOffset(type: YType, fragment: YType, mapping: Map<YType, unknown>): number | null {
  let pos = 0;
  for (let n = fragment._first; n !== null; n = n.right) {
    const t = n.content instanceof Y.ContentType ? (n.content.type as YType) : null;
    if (t === type) break;
    if (n.deleted) continue;
    if (t instanceof Y.XmlText) pos += t.length;
    else if (t) {
      const mapped = mapping.get(t) as { nodeSize: number } | undefined;
      if (mapped == null) return null;
      pos += mapped.nodeSize;
    }
  }
  return pos;
}

const RICH =
  '<h2>Findings</h2><p>Alpha beta gamma.</p>' +
  '<ul><li><p>One</p><ul><li><p>Deep</p><ul><li><p>Deeper</p></li></ul></li></ul></li><li><p>Two</p></li></ul>' +
  '<table><tbody><tr><th><p>Head</p></th><th><p>Er</p></th></tr><tr><td><p>a</p></td><td><p></p></td></tr></tbody></table>' +
  '<p></p><blockquote><p>Quoted.</p><p></p></blockquote><ol><li><p>First</p></li></ol><hr><p>Last words here.</p>';

describe('top-level index', () => {
  it('block sizes: sums and the block a position reaches, as a plain list says, through changes', () => {
    const r = random(11);
    for (let round = 0; round < 20; round++) {
      const sizes = Array.from({ length: 1 + r.int(40) }, () => (r.next() < 0.2 ? 0 : 1 + r.int(30)));
      const tree = new BlockSizes(sizes);
      for (let change = 0; change < 10; change++) {
        const at = r.int(sizes.length);
        sizes[at] = r.next() < 0.2 ? 0 : 1 + r.int(30);
        tree.set(at, sizes[at]);
        const sums = [0];
        for (const size of sizes) sums.push(sums.at(-1)! + size);
        expect(Array.from({ length: sizes.length + 1 }, (_, i) => tree.before(i))).toEqual(sums);
        const reached = [];
        const expected = [];
        for (let pos = 1; pos <= sums.at(-1)! + 3; pos++) {
          let index = 0;
          while (index < sizes.length - 1 && sums[index + 1]! < pos) index++;
          expected.push({ index, offset: sums[index] });
          reached.push(tree.blockReaching(pos));
        }
        expect(reached).toEqual(expected);
      }
    }
    expect(new BlockSizes([]).blockReaching(1)).toBeNull();
  });

  it('every position of a document with nested lists, a table, empty blocks and a rule: the same both ways', () => {
    peers = createPeers(1);
    const [a] = peers as [Peer];
    a.editor.commands.setContent(RICH);
    resetTopLevelIndexCounters();
    const compared = expectSameEverywhere(a, 'rich document');
    expect(compared).toBe(a.editor.state.doc.content.size + 1);
    expect(topLevelIndexCounters.shortcuts).toBeGreaterThan(compared);
    expect(topLevelIndexCounters.builds).toBe(1);
  });

  for (const seed of [1, 2, 3]) {
    it(`three editors editing at random: every conversion y-tiptap makes, and every position, as the walk gives (seed ${seed})`, () => {
      const r = random(seed * 104729);
      const checking = checkingIndex();
      peers = createPeers(3);
      peers[0]!.editor.commands.setContent(RICH);
      settle(peers);
      setTopLevelIndex(checking.index);
      let everywhere = 0;
      for (let step = 0; step < 120; step++) {
        const peer = r.pick(peers);
        if (r.next() < 0.6) randomEdit(peer, r);
        else deliver(peer, r.int(peer.inbox.length + 1));
        if (step % 10 === 9) {
          installTopLevelIndex();
          everywhere += expectSameEverywhere(peer, `seed ${seed}, step ${step}`);
          setTopLevelIndex(checking.index);
        }
      }
      settle(peers);
      installTopLevelIndex();
      for (const peer of peers) everywhere += expectSameEverywhere(peer, `seed ${seed}, settled`);
      expect(checking.mismatches).toEqual([]);
      // The undo plugin alone converts the selection on every transaction.
      expect(checking.checked()).toBeGreaterThan(200);
      expect(everywhere).toBeGreaterThan(1000);
    }, 60_000);
  }

  it('a keystroke in the last block of 1,500 looks up as many Y types as one in the first block of 300', () => {
    /** Mapping lookups for one local keystroke at the end of top-level block `at` (undo plugin, binding, Yjs write). */
    const keystroke = (blocks: number, at: (count: number) => number) => {
      peers = createPeers(2, [], seedReport(blocks));
      const [a, b] = peers as [Peer, Peer];
      const endOf = (index: number) => {
        let pos = 0;
        for (let i = 0; i <= index; i++) pos += a.editor.state.doc.child(i).nodeSize;
        return pos - 1;
      };
      // Typed once already, and a collaborator's keystroke arrived.
      a.editor.commands.setTextSelection(endOf(3));
      a.editor.commands.insertContent('w');
      b.editor.commands.setTextSelection(1);
      b.editor.commands.insertContent('v');
      deliver(a);
      a.editor.commands.setTextSelection(endOf(at(blocks)));
      // Yjs's fragment.get(i) walks the top-level items from the first: count its use too.
      const fragment = bindingOf(a.editor).type;
      const get = fragment.get.bind(fragment);
      let listGets = 0;
      fragment.get = (index) => (listGets++, get(index));
      resetTopLevelIndexCounters();
      a.editor.commands.insertContent('x');
      const counts = { ...topLevelIndexCounters, listGets };
      // The others see it, and undo takes it back.
      settle(peers);
      expect(b.editor.state.doc.child(at(blocks)).textContent).toMatch(/x$/);
      a.editor.commands.undo();
      expect(a.editor.state.doc.child(at(blocks)).textContent).not.toMatch(/x$/);
      destroyPeers(peers.splice(0));
      return counts;
    };
    const first = keystroke(300, () => 0);
    const last = keystroke(1500, (count) => count - 1);
    console.info('keystroke, first block of 300:', JSON.stringify(first), 'last block of 1,500:', JSON.stringify(last));
    expect(last).toEqual(first);
    expect(last.walks).toBe(0);
    expect(last.listGets).toBe(0);
    expect(last.builds).toBe(0);
    expect(last.shortcuts).toBeGreaterThan(0);
    expect(last.lookups).toBeLessThan(20);
  }, 60_000);
});
