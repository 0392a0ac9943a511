import { describe, expect, it } from 'vitest';
import { EditorState } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { findWrapping } from '@tiptap/pm/transform';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { concordSchema } from '@concord/shared';
import { consensusJson, loadedStore, reportDoc } from '../../consensus/test-fixtures';
import { gutterKey, gutterPlugin, gutterRowsComputed } from './gutter-plugin';
import { placedBlocks } from './blocks-at';
import { WINDOW_MARGIN } from './viewport';
import { referenceGutterPlugin, referenceKey } from './test-reference-gutter';
import { windowCounters } from './window-decorations';

function posOf(doc: PMNode, id: string): { pos: number; node: PMNode } {
  const block = placedBlocks(doc).find((b) => b.id === id)!;
  return { pos: block.pos, node: block.node };
}

function classesOf(state: EditorState, id: string): string {
  const { pos, node } = posOf(state.doc, id);
  const deco = gutterKey
    .getState(state)!
    .decorations.find(pos, pos + node.nodeSize)
    .find((d) => d.from === pos && d.to === pos + node.nodeSize);
  return (deco as unknown as { type: { attrs: { class: string } } }).type.attrs.class ?? '';
}

/** A state whose viewport shows the block `visible` (as the plugin view would measure it). */
async function setup(blocks = 1500, visible = 'b0') {
  const doc = reportDoc(blocks);
  const store = await loadedStore(consensusJson(doc, 16));
  let state = EditorState.create({ doc, plugins: [gutterPlugin(store)] });
  const { pos, node } = posOf(doc, visible);
  state = state.apply(state.tr.setMeta(gutterKey, { viewport: { from: pos, to: pos + node.nodeSize } }));
  return { store, state };
}

describe('consensus gutter', () => {
  it('decorates every block with its status', async () => {
    // Fewer blocks than the decorated window (WINDOW_MARGIN after the first), so all of them.
    const { state } = await setup(20);
    expect(classesOf(state, 'b1')).toContain('cg-block--agreed');
    expect(classesOf(state, 'b3')).toContain('cg-block--disputed');
    expect(gutterKey.getState(state)!.decorations.find().length).toBe(20);
  });

  it('typing in one paragraph of 1,500 re-decorates that paragraph only, and shows it stale at once', async () => {
    const { store, state } = await setup(1500, 'b500');
    const { pos } = posOf(state.doc, 'b501');
    const next = state.apply(state.tr.insertText('x', pos + 5));
    expect(gutterKey.getState(next)!.lastChanged).toBe(1);
    expect(classesOf(next, 'b501')).toContain('cg-block--stale');
    expect(classesOf(next, 'b501')).toContain('cg-block--unreviewed');
    expect(classesOf(next, 'b502')).toContain('cg-block--agreed');
    // The fast per-block answer is the one the full index gives (C23).
    const { node } = posOf(next.doc, 'b501');
    const full = store.computeView(next.doc).byId.get('b501')!.consensus;
    const fast = store.blockConsensus(node, 'b501');
    expect([fast.status, fast.stale, fast.agree, fast.staleVotes]).toEqual([full.status, full.stale, full.agree, full.staleVotes]);
    // The decorated window is the visible block and WINDOW_MARGIN either side, each exactly once.
    expect(gutterKey.getState(next)!.decorations.find().length).toBe(2 * WINDOW_MARGIN + 1);
  });

  it('a vote arriving re-decorates only its block', async () => {
    const { store, state } = await setup(1500, 'b60');
    store.handleEvent({ type: 'vote.changed', blockId: 'b42', userId: 'u3', vote: null });
    const next = state.apply(state.tr.setMeta(gutterKey, 'refresh'));
    expect(gutterKey.getState(next)!.lastChanged).toBe(1);
    expect(classesOf(next, 'b42')).toContain('cg-block--in_review');
  });

  it('splitting a block rebuilds the set without losing or doubling markers', async () => {
    const { state } = await setup(20);
    const { pos } = posOf(state.doc, 'b11');
    const next = state.apply(state.tr.split(pos + 6, 1, [{ type: state.schema.nodes.paragraph!, attrs: { id: 'fresh' } }]));
    expect(gutterKey.getState(next)!.decorations.find().length).toBe(21);
    expect(classesOf(next, 'fresh')).toContain('cg-block--unreviewed');
    expect(classesOf(next, 'b11')).toContain('cg-block--stale');
  });

  it('filters dim the blocks that do not match', async () => {
    const { store, state } = await setup(40);
    store.setFilter('disputed');
    const next = state.apply(state.tr.setMeta(gutterKey, 'refresh'));
    expect(classesOf(next, 'b1')).toContain('cg-block--dim');
    expect(classesOf(next, 'b3')).not.toContain('cg-block--dim');
  });
});

describe('the decorated window', () => {
  it('follows the viewport and stays bounded on a 1,500-block report', async () => {
    const { state } = await setup(1500, 'b900');
    const { window } = gutterKey.getState(state)!;
    expect(window).toEqual({ first: 900 - WINDOW_MARGIN, last: 900 + WINDOW_MARGIN });
    expect(classesOf(state, 'b901')).toContain('cg-block--agreed');
    expect(gutterKey.getState(state)!.decorations.find(0, posOf(state.doc, 'b700').pos).length).toBe(0);
  });
});

/** A report with lists (nested ones too) and quotes between paragraphs and headings: ids b0, b1, … */
function mixedDoc(tops: number): PMNode {
  const schema = concordSchema();
  let next = 0;
  const paragraph = (text = 'The commission recommends a fair wage') =>
    schema.node('paragraph', { id: `b${next++}` }, schema.text(`${next}. ${text}`));
  const item = (...content: PMNode[]) => schema.node('listItem', null, content);
  const nodes = Array.from({ length: tops }, (_, i) => {
    if (i % 10 === 0) return schema.node('heading', { id: `b${next++}`, level: 2 }, schema.text(`Section ${i}`));
    if (i % 7 === 3)
      return schema.node('bulletList', null, [item(paragraph()), item(paragraph(), schema.node('orderedList', null, [item(paragraph())]))]);
    if (i % 11 === 5) return schema.node('blockquote', null, [paragraph(), paragraph()]);
    return paragraph();
  });
  return schema.node('doc', null, nodes);
}

/** Every decoration with its place and attributes, in order. */
function listed(set: DecorationSet): string[] {
  return set.find().map((d) => `${d.from}-${d.to} ${JSON.stringify((d as unknown as { type: { attrs: unknown } }).type.attrs)}`);
}

interface SetShape {
  local: string[];
  children: (number | SetShape)[];
}
/** The set's tree as the view walks it: own decorations of each level, child sets by node. */
function shape(set: DecorationSet): SetShape {
  const inner = set as unknown as { local: readonly Decoration[]; children: readonly (number | DecorationSet)[] };
  return {
    local: inner.local.map((d) => `${d.from}-${d.to} ${JSON.stringify((d as unknown as { type: { attrs: unknown } }).type.attrs)}`),
    children: inner.children.map((c) => (typeof c === 'number' ? c : shape(c))),
  };
}

/** A small deterministic random source (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the window patched per top-level node', () => {
  it('holds the same decorations as a rebuild from scratch (and as round 13 did) through random edits, votes and scrolling', async () => {
    let differedFromIncremental = 0;
    const counted = { ...windowCounters };
    for (const seed of [1, 2, 3]) {
      const rnd = random(seed);
      const pick = (n: number) => Math.floor(rnd() * n);
      const doc = mixedDoc(200);
      const store = await loadedStore(consensusJson(doc, 5));
      const plugins = [gutterPlugin(store), referenceGutterPlugin(store, gutterKey)];
      let state = EditorState.create({ doc, plugins });
      const topStart = (d: PMNode, index: number) => {
        let pos = 0;
        for (let i = 0; i < index; i++) pos += d.child(i).nodeSize;
        return pos;
      };
      const show = (index: number) => {
        const from = topStart(state.doc, index);
        state = state.apply(state.tr.setMeta(gutterKey, { viewport: { from, to: from + state.doc.child(index).nodeSize } }));
      };
      show(100);
      let fresh = 0;
      for (let step = 0; step < 100; step++) {
        const { doc: d } = state;
        const win = gutterKey.getState(state)!.window;
        // Mostly inside the window, sometimes before or after it.
        const span = win.last - win.first + 1;
        const index = Math.max(0, Math.min(d.childCount - 1, win.first - 5 + pick(span + 10)));
        const start = topStart(d, index);
        const top = d.child(index);
        const blocks = placedBlocks(d).filter((b) => b.pos >= start && b.pos < start + top.nodeSize);
        const block = blocks[pick(blocks.length)];
        const tr = state.tr;
        const op = pick(14);
        if (op <= 4 && block) tr.insertText('xyz'.slice(0, 1 + pick(3)), block.pos + 1 + pick(block.node.content.size + 1));
        else if (op === 5 && block && block.node.content.size > 4) tr.delete(block.pos + 2, block.pos + 4);
        else if (op === 6 && index + 1 < d.childCount) tr.delete(start + top.nodeSize - 3, start + top.nodeSize + 3);
        else if (op === 7 && block)
          tr.split(block.pos + 3, 1, [{ type: d.type.schema.nodes.paragraph!, attrs: { id: `n${seed}-${step}` } }]);
        else if (op === 8 && top.type.name === 'paragraph')
          tr.setNodeMarkup(start, d.type.schema.nodes.heading, { ...top.attrs, level: 3 });
        else if (op === 9 && top.type.name === 'paragraph') {
          const $start = tr.doc.resolve(start + 1);
          const range = $start.blockRange()!;
          tr.wrap(range, findWrapping(range, d.type.schema.nodes.bulletList!)!);
        } else if (op === 10 && index + 2 < d.childCount) {
          // A block moved down by one (the same node object deleted and inserted): as many blocks as before.
          const after = d.child(index + 1);
          tr.delete(start, start + top.nodeSize).insert(start + after.nodeSize, top);
        } else if (op === 11) tr.insert(start, top);
        else if (op === 12) {
          const id = `b${pick(200)}`;
          store.handleEvent({ type: 'vote.changed', blockId: id, userId: `u${pick(5)}`, vote: null });
          tr.setMeta(gutterKey, 'refresh');
        } else if (op === 13) {
          if (rnd() < 0.5) store.setFilter(rnd() < 0.5 ? 'disputed' : 'all');
          else {
            show(pick(d.childCount));
            fresh++;
            continue;
          }
          tr.setMeta(gutterKey, 'refresh');
        } else continue;
        state = state.apply(tr);
        const mine = gutterKey.getState(state)!;
        // Round 13's decorations worked out from scratch for this document, viewport and votes.
        let reference = EditorState.create({ doc: state.doc, plugins: [referenceGutterPlugin(store, gutterKey)] });
        reference = reference.apply(reference.tr.setMeta(gutterKey, { viewport: mine.viewport! }));
        expect(listed(mine.decorations), `seed ${seed} step ${step} op ${op}`).toEqual(
          listed(referenceKey.getState(reference)!.decorations),
        );
        // The shape ProseMirror's own constructor gives the same decorations (what the view walks).
        expect(shape(mine.decorations)).toEqual(shape(DecorationSet.create(state.doc, mine.decorations.find())));
        if (JSON.stringify(listed(referenceKey.getState(state)!.decorations)) !== JSON.stringify(listed(mine.decorations))) {
          differedFromIncremental++;
        }
      }
      expect(fresh).toBeGreaterThan(0);
    }
    // Round 13's own updates kept a paragraph wrapped into a list without its marker's indent
    // until the next rebuild (its row was reused: the same node at its mapped position); its
    // rebuild and the patched window agree. Every divergence seen started with such a wrap.
    console.info('steps where round 13 updated differed from its own rebuild:', differedFromIncremental);
    // Both ways were taken: patched in place (typing, deleting, moving a block) and rebuilt.
    console.info('patched', windowCounters.patched - counted.patched, 'rebuilt', windowCounters.rebuilt - counted.rebuilt);
    expect(windowCounters.patched - counted.patched).toBeGreaterThan(100);
    expect(windowCounters.rebuilt - counted.rebuilt).toBeGreaterThan(30);
  }, 60_000);

  it('a keystroke works out one row and maps four positions, on 300 blocks as on 1,500', async () => {
    const perKey = async (blocks: number) => {
      const { state: start } = await setup(blocks, `b${blocks / 2}`);
      let state = start;
      const before = { ...windowCounters, rows: gutterRowsComputed() };
      for (let key = 0; key < 5; key++) {
        const { pos } = posOf(state.doc, `b${blocks / 2 + 3}`);
        state = state.apply(state.tr.insertText('x', pos + 5));
      }
      return {
        rows: gutterRowsComputed() - before.rows,
        tops: windowCounters.topsComputed - before.topsComputed,
        mapped: windowCounters.positionsMapped - before.positionsMapped,
        patched: windowCounters.patched - before.patched,
        rebuilt: windowCounters.rebuilt - before.rebuilt,
        changed: gutterKey.getState(state)!.lastChanged,
      };
    };
    const small = await perKey(300);
    const large = await perKey(1500);
    expect(large).toEqual(small);
    expect(large).toEqual({ rows: 5, tops: 5, mapped: 20, patched: 5, rebuilt: 0, changed: 1 });
  });
});
