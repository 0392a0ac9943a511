import { describe, expect, it } from 'vitest';
import { EditorState } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { consensusJson, loadedStore, reportDoc } from '../../consensus/test-fixtures';
import { gutterKey, gutterPlugin } from './gutter-plugin';
import { placedBlocks } from './blocks-at';
import { WINDOW_MARGIN } from './viewport';

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
