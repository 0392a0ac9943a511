import { describe, expect, it } from 'vitest';
import { consensusJson, loadedStore, reportDoc } from './test-fixtures';
import { markerFace, matchesFilter, myStance } from './review';

const doc = reportDoc(20);

describe('consensus store', () => {
  it('applies live vote events and withdrawals to the statuses it computes', async () => {
    const store = await loadedStore(consensusJson(doc, 3), 'u1');
    expect(store.computeView(doc).byId.get('b1')!.consensus.status).toBe('agreed');
    store.handleEvent({ type: 'vote.changed', blockId: 'b1', userId: 'u2', vote: null });
    const after = store.computeView(doc).byId.get('b1')!.consensus;
    expect(after.status).toBe('in_review');
    expect(after.pending).toEqual(['u2']);
    // A malformed event changes nothing.
    store.handleEvent({ type: 'vote.changed', blockId: 42, userId: 'u2', vote: null });
    expect(store.computeView(doc).byId.get('b1')!.consensus.status).toBe('in_review');
  });

  it('follows a rule change pushed by the server', async () => {
    const store = await loadedStore(consensusJson(doc, 3), 'u1');
    store.handleEvent({ type: 'vote.changed', blockId: 'b1', userId: 'u2', vote: null });
    store.handleEvent({ type: 'rule.changed', rule: { kind: 'quorum', minAgree: 2, maxDispute: 0 } });
    expect(store.computeView(doc).byId.get('b1')!.consensus.status).toBe('agreed');
    expect(store.needed).toBe(2);
  });

  it('gives the same status per block as the full view', async () => {
    const store = await loadedStore(consensusJson(doc, 4), 'u0');
    const view = store.computeView(doc);
    doc.descendants((node) => {
      if (node.isTextblock) {
        const id = node.attrs.id as string;
        expect(store.blockConsensus(node, id).status).toBe(view.byId.get(id)!.consensus.status);
      }
      return !node.isTextblock;
    });
  });
});

describe('how a status reads', () => {
  it('shows counts against what is needed, disputes, and stale text', async () => {
    const store = await loadedStore(consensusJson(doc, 4), 'u0');
    const view = store.computeView(doc);
    const agreed = view.byId.get('b1')!.consensus;
    const disputed = view.byId.get('b3')!.consensus;
    expect(markerFace(agreed, 4)).toEqual({ symbol: '✓', text: '4/4' });
    expect(markerFace(disputed, 4)).toEqual({ symbol: '✗', text: '1' });
    expect(myStance(agreed, 'u0', true)).toBe('agree');
    expect(myStance(agreed, 'u0', false)).toBeNull();
    expect(matchesFilter('disputed', disputed, 'agree')).toBe(true);
    expect(matchesFilter('mine', agreed, 'agree')).toBe(false);
  });
});

describe('consensus answer without repeated texts', () => {
  it('takes a current vote without votedText as cast on the block text of the same answer', async () => {
    const json = consensusJson(doc, 2);
    const block = json.blocks.find((b) => b.id === 'b1')!;
    for (const v of block.votes) delete v.votedText;
    const store = await loadedStore(json, 'u0');
    // Later an edit makes the vote stale: "what changed" must start from the text voted on.
    expect(store.book.recordOf('b1', 'u0')!.votedText).toBe(block.text);
    expect(store.book.recordOf('b1', 'u1')!.votedText).toBe(block.text);
  });
});
