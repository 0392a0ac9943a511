import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import { EditorState, type Transaction } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import {
  computeConsensus,
  ConsensusIndex,
  extractBlocks,
  fingerprintBlock,
  verifySha256Hex,
  type ConsensusRule,
  type Vote,
} from '../../src/consensus/index.js';
import { replaceDocContent, ydocToProseMirror } from '../../src/ydoc/index.js';
import { doc, h, li, p, quote, schema, textStart, ul, vote } from './fixtures.js';

const board = ['ann', 'bob', 'cat'];
const unanimous: ConsensusRule = { kind: 'unanimous' };

function sample(): PMNode {
  const blocks: PMNode[] = [];
  for (let s = 0; s < 5; s++) {
    blocks.push(h(2, `h${s}`, `Section ${s}`));
    blocks.push(p(`p${s}a`, `First paragraph of section ${s}.`));
    blocks.push(ul(li(p(`p${s}b`, `A bullet in ${s}.`)), li(p(`p${s}c`, `Another bullet in ${s}.`))));
    blocks.push(quote(p(`p${s}d`, `A quotation in ${s}.`)));
  }
  return doc(...blocks);
}
function votesFor(d: PMNode): Map<string, Vote[]> {
  return new Map(
    extractBlocks(d).map((b, i) => [b.id!, board.slice(0, i % 4).map((u) => vote(u, i % 5 === 0 ? 'dispute' : 'agree', b.fingerprint))]),
  );
}
function type(d: PMNode, id: string, text: string): PMNode {
  const state = EditorState.create({ doc: d });
  return state.apply(state.tr.insertText(text, textStart(d, id))).doc;
}
/** Drops the caching-related object identity so views can be compared by value (byId as its entries, whatever map it is). */
const plain = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x) => (x instanceof Map ? [...x.entries()] : x)));

/** The document after `edit` on a transaction of it. */
function edit(d: PMNode, change: (tr: Transaction) => unknown): PMNode {
  const state = EditorState.create({ doc: d });
  const tr = state.tr;
  change(tr);
  return state.apply(tr).doc;
}

describe('incremental consensus index', () => {
  it('[C23] with live nodes, an edit to one paragraph re-reads, re-hashes and re-evaluates only that paragraph', () => {
    const index = new ConsensusIndex();
    const d = sample();
    const votes = votesFor(d);
    index.update(d, votes, board, unanimous);
    expect(index.lastStats).toEqual({ blocks: 25, read: 25, fingerprinted: 25, evaluated: 25, entries: 25, whole: true });
    index.update(d, votes, board, unanimous);
    expect(index.lastStats).toMatchObject({ blocks: 25, read: 0, fingerprinted: 0, evaluated: 0 });
    const edited = type(d, 'p3c', 'Also: ');
    const view = index.update(edited, votes, board, unanimous);
    expect(index.lastStats).toMatchObject({ blocks: 25, read: 1, fingerprinted: 1, evaluated: 1 });
    expect(plain(view)).toEqual(plain(computeConsensus(edited, votes, board, unanimous)));
  });

  it('[C23] with JSON or rebuilt nodes (the server), every block is read but only the edited one is re-hashed', () => {
    const index = new ConsensusIndex();
    const d = sample();
    const votes = votesFor(d);
    index.update(d.toJSON(), votes, board, unanimous);
    const edited = type(d, 'p0a', 'Indeed. ');
    index.update(edited.toJSON(), votes, board, unanimous);
    expect(index.lastStats).toMatchObject({ blocks: 25, read: 25, fingerprinted: 1, evaluated: 1 });
  });

  it('[C23] the server reading its Y.Doc sees the same fingerprints as the editor, and re-hashes only what changed', () => {
    const ydoc = new Y.Doc();
    const d = sample();
    replaceDocContent(ydoc, d.toJSON());
    const index = new ConsensusIndex();
    const votes = votesFor(d);
    const server = index.update(ydocToProseMirror(ydoc), votes, board, unanimous);
    expect(server.entries.map((e) => e.block.fingerprint)).toEqual(extractBlocks(d).map((b) => b.fingerprint));
    replaceDocContent(ydoc, type(d, 'p4d', '“').toJSON());
    index.update(ydocToProseMirror(ydoc), votes, board, unanimous);
    expect(index.lastStats).toMatchObject({ fingerprinted: 1, evaluated: 1 });
    ydoc.destroy();
  });

  it('[C23] a new vote re-evaluates only its block; new commissioners or a new rule re-evaluate all, re-hash none', () => {
    const index = new ConsensusIndex();
    const d = sample();
    const votes = votesFor(d);
    index.update(d, votes, board, unanimous);
    const fp = extractBlocks(d).find((b) => b.id === 'p2a')!.fingerprint;
    votes.set('p2a', [...votes.get('p2a')!, vote('cat', 'agree', fp)]);
    const view = index.update(d, votes, board, unanimous);
    expect(index.lastStats).toMatchObject({ read: 0, fingerprinted: 0, evaluated: 1 });
    expect(view.byId.get('p2a')!.consensus.current).toContainEqual(expect.objectContaining({ userId: 'cat', stance: 'agree' }));
    index.update(d, votes, [...board, 'dan'], unanimous);
    expect(index.lastStats).toMatchObject({ fingerprinted: 0, evaluated: 25 });
    index.update(d, votes, [...board, 'dan'], { kind: 'quorum', minAgree: 1, maxDispute: 0 });
    expect(index.lastStats).toMatchObject({ fingerprinted: 0, evaluated: 25 });
    // Same content, different array and order of commissioners: the order shows in `pending`, so it counts.
    index.update(d, votes, ['dan', ...board], { kind: 'quorum', minAgree: 1, maxDispute: 0 });
    expect(index.lastStats).toMatchObject({ evaluated: 25 });
  });

  it('[C23] votes are compared by object, so a rebuilt list holding the same votes is not re-evaluated', () => {
    const index = new ConsensusIndex();
    const d = sample();
    const votes = votesFor(d);
    index.update(d, votes, board, unanimous);
    const copy = Object.fromEntries([...votes].map(([id, list]) => [id, [...list]]));
    index.update(d, copy, board, unanimous);
    expect(index.lastStats.evaluated).toBe(0);
  });

  it('[C23] over a seeded random run of edits and votes, the incremental view always equals a fresh computation', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const index = new ConsensusIndex();
    let d = sample();
    const votes = votesFor(d);
    let commissioners = board;
    for (let step = 0; step < 200; step++) {
      const blocks = extractBlocks(d);
      const target = pick(blocks);
      const roll = random();
      if (roll < 0.4) {
        d = type(d, target.id!, pick(['x', ' ', 'word ', '']));
      } else if (roll < 0.5) {
        const state = EditorState.create({ doc: d });
        const at = textStart(d, target.id!);
        if (target.text.length > 1) d = state.apply(state.tr.addMark(at, at + 1, schema.marks.italic!.create())).doc;
      } else if (roll < 0.9) {
        const list = votes.get(target.id!) ?? [];
        votes.set(target.id!, [
          ...list,
          vote(
            pick(['ann', 'bob', 'cat', 'dan']),
            pick(['agree', 'agree', 'dispute'] as const),
            random() < 0.8 ? target.fingerprint : 'f'.repeat(64),
          ),
        ]);
      } else {
        commissioners = random() < 0.5 ? board : [...board, 'dan'];
      }
      const incremental = index.update(d, votes, commissioners, unanimous);
      expect(plain(incremental)).toEqual(plain(computeConsensus(d.toJSON(), votes, commissioners, unanimous)));
    }
  });

  it('[C23] told that only the document changed, an edit in place patches the view: the other entries are the same objects', () => {
    const index = new ConsensusIndex();
    const d = sample();
    const votes = votesFor(d);
    const first = index.update(d, votes, board, unanimous, { onlyDocChanged: false });
    const edited = type(d, 'p3c', 'Also: ');
    const view = index.update(edited, votes, board, unanimous, { onlyDocChanged: true });
    expect(index.lastStats).toEqual({ blocks: 25, read: 1, fingerprinted: 1, evaluated: 1, entries: 1, whole: false });
    expect(index.lastChanges!.map((c) => c.after.block.id)).toEqual(['p3c']);
    expect(plain(view)).toEqual(plain(computeConsensus(edited, votes, board, unanimous)));
    const changed = view.entries.findIndex((e) => e.block.id === 'p3c');
    expect(view.entries.filter((e, i) => e !== first.entries[i])).toEqual([view.entries[changed]]);
    expect(view.byId.get('p3c')).toBe(view.entries[changed]);
    expect(view.byId.get('p0a')).toBe(first.byId.get('p0a'));
    expect(view.rollup.sections.filter((s, i) => s !== first.rollup.sections[i]).map((s) => s.key)).toEqual(['h3']);
    // The same document again: the same view.
    expect(index.update(edited, votes, board, unanimous, { onlyDocChanged: true })).toBe(view);
    // A block added: the sections may move, so the whole view is assembled.
    const split = edit(edited, (tr) =>
      tr.split(textStart(edited, 'p1a') + 3, 1, [{ type: schema.nodes.paragraph!, attrs: { id: 'new' } }]),
    );
    expect(plain(index.update(split, votes, board, unanimous, { onlyDocChanged: true }))).toEqual(
      plain(computeConsensus(split, votes, board, unanimous)),
    );
    expect(index.lastStats.whole).toBe(true);
    expect(index.lastChanges).toBeNull();
  });

  it('[C23] patched or assembled whole, the view always equals a fresh computation (seeded edits in place and not)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const index = new ConsensusIndex();
    let d = sample();
    const votes = votesFor(d);
    let patched = 0;
    let fresh = 0;
    for (let step = 0; step < 300; step++) {
      const target = pick(extractBlocks(d));
      const at = textStart(d, target.id!);
      const roll = random();
      let onlyDoc = true;
      if (roll < 0.45) d = type(d, target.id!, pick(['x', ' ', 'word ']));
      else if (roll < 0.55 && target.text.length > 1) d = edit(d, (tr) => tr.addMark(at, at + 1, schema.marks.bold!.create()));
      else if (roll < 0.6) d = edit(d, (tr) => tr.delete(at, at + Math.min(2, target.text.length)));
      else if (roll < 0.65 && target.text.length > 2 && target.path.length === 0)
        d = edit(d, (tr) => tr.split(at + 1, 1, [{ type: schema.nodes.paragraph!, attrs: { id: `s${step}` } }]));
      else if (roll < 0.7 && target.kind === 'heading')
        d = edit(d, (tr) => tr.setNodeMarkup(at - 1, undefined, { id: target.id, level: 3 }));
      else if (roll < 0.73 && target.kind === 'paragraph' && target.path.length === 0)
        d = edit(d, (tr) => tr.setNodeMarkup(at - 1, schema.nodes.heading, { id: target.id, level: 2 }));
      else if (roll < 0.76 && d.childCount > 3) d = edit(d, (tr) => tr.delete(at - 1, at - 1 + d.nodeAt(at - 1)!.nodeSize));
      else {
        onlyDoc = false;
        votes.set(target.id!, [
          ...(votes.get(target.id!) ?? []),
          vote(pick(board), pick(['agree', 'dispute'] as const), target.fingerprint),
        ]);
      }
      const view = index.update(d, votes, board, unanimous, { onlyDocChanged: onlyDoc });
      if (index.lastStats.whole) fresh++;
      else patched++;
      expect(plain(view)).toEqual(plain(computeConsensus(d.toJSON(), votes, board, unanimous)));
    }
    // Both ways were taken, the patch most often (most edits are in place).
    expect(patched).toBeGreaterThan(100);
    expect(fresh).toBeGreaterThan(30);
  });

  it('[C23] a duplicated id (a transient concurrent-editing state) evaluates each copy on its own text', () => {
    const d = doc(p('dup', 'One'), p('dup', 'Two'));
    const [one] = extractBlocks(d);
    const view = new ConsensusIndex().update(d, { dup: [vote('ann', 'agree', one!.fingerprint)] }, ['ann'], unanimous);
    expect(view.entries.map((e) => e.consensus.status)).toEqual(['agreed', 'unreviewed']);
    expect(view.byId.get('dup')!.block.text).toBe('One');
  });

  it('[C23] a host may pass a native SHA-256: same fingerprints; a wrong one is refused up front', () => {
    const native = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
    const d = sample();
    const votes = votesFor(d);
    expect(extractBlocks(d, { sha256: native })).toEqual(extractBlocks(d));
    expect(plain(new ConsensusIndex({ sha256: native }).update(d, votes, board, unanimous))).toEqual(
      plain(computeConsensus(d, votes, board, unanimous)),
    );
    const latin1 = (text: string) => createHash('sha256').update(text, 'latin1').digest('hex');
    expect(() => verifySha256Hex(latin1)).toThrow(/does not match/);
    expect(() => new ConsensusIndex({ sha256: latin1 })).toThrow(/does not match/);
    expect(() => fingerprintBlock(d.child(1), { sha256: (t) => native(t).toUpperCase() })).toThrow(/does not match/);
  });
});
