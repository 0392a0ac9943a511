import { describe, expect, it, vi } from 'vitest';
import { Fragment } from '@tiptap/pm/model';
import { ConsensusStore } from './consensus-store';
import { consensusJson, loadedStore, reportDoc, serverFetch } from './test-fixtures';
import { markerFace, matchesFilter, myStance } from './review';

const doc = reportDoc(20);
/** vi.waitFor waits for a state; its 1 s default is shorter than a loaded machine's answer. */
const WAIT = { timeout: 15_000 };

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

  it('a view computed at once drops the one scheduled: the next one waits its whole interval', async () => {
    const store = await loadedStore(consensusJson(doc, 3), 'u1');
    store.computeView(doc);
    /** The document with `suffix` typed at the end of its second block. */
    const typed = (suffix: string) => {
      const block = doc.child(1);
      return doc.copy(doc.content.replaceChild(1, block.copy(block.content.append(Fragment.from(doc.type.schema.text(suffix))))));
    };
    vi.useFakeTimers();
    try {
      const computed = vi.spyOn(store, 'computeView');
      store.scheduleView(typed('x'));
      await vi.advanceTimersByTimeAsync(1_000);
      // Voting, say: the view of the latest document is needed now.
      store.freshView();
      expect(computed).toHaveBeenCalledTimes(1);
      // Typed again: scheduled afresh, not run by the timer set before the fresh view (due 500 ms later).
      store.scheduleView(typed('xy'));
      await vi.advanceTimersByTimeAsync(1_000);
      expect(computed).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(computed).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
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

describe('votes in compact form, details on demand', () => {
  const withFetch = async <T>(stub: typeof fetch, run: () => Promise<T>): Promise<T> => {
    const realFetch = globalThis.fetch;
    globalThis.fetch = stub;
    try {
      return await run();
    } finally {
      globalThis.fetch = realFetch;
    }
  };

  it('computes every status from the summary alone, with no reasons, times or texts fetched', async () => {
    const votes = consensusJson(doc, 4);
    const requests: string[] = [];
    const store = await withFetch(serverFetch(votes, requests), async () => {
      const s = new ConsensusStore('doc', 'u0');
      await s.reload();
      return s;
    });
    expect(requests).toEqual(['/api/docs/doc/consensus/summary']);
    const view = store.computeView(doc);
    expect(view.byId.get('b1')!.consensus.status).toBe('agreed');
    expect(view.byId.get('b3')!.consensus.status).toBe('disputed');
    expect(view.byId.get('b3')!.consensus.dispute).toBe(1);
    const record = store.book.recordOf('b3', 'u3')!;
    expect(record).toMatchObject({ name: 'Commissioner 3', stance: 'dispute', detail: null });
    expect(store.detailsOf('b3')).toBe('loading');
  });

  it("fetches a block's votes in full when its popover opens, once, without recomputing its status", async () => {
    const votes = consensusJson(doc, 4);
    const requests: string[] = [];
    await withFetch(serverFetch(votes, requests), async () => {
      const store = new ConsensusStore('doc', 'u0');
      await store.reload();
      const before = store.computeView(doc).byId.get('b3')!.consensus;
      store.openDetails('b3');
      await vi.waitFor(() => expect(store.detailsOf('b3')).toBe('ready'), WAIT);
      expect(store.book.recordOf('b3', 'u3')!.detail).toEqual({
        reason: 'Not this wording.',
        at: 1_700_000_000_003,
        votedText: votes.full.get('b3')![3]!.votedText,
      });
      expect(store.computeView(doc).byId.get('b3')!.consensus).toBe(before);
      store.closeDetails();
      store.openDetails('b3');
      expect(requests.filter((p) => p.endsWith('/votes'))).toEqual(['/api/docs/doc/blocks/b3/votes']);
      // Other blocks are still in compact form until their popover opens.
      expect(store.detailsOf('b4')).toBe('loading');
    });
  });

  it('keeps a vote cast since the summary as the event brought it, and says when details could not be fetched', async () => {
    const votes = consensusJson(doc, 4);
    const store = await loadedStore(votes);
    const recast = {
      ...votes.full.get('b5')![2]!,
      stance: 'dispute' as const,
      reason: 'Changed my mind.',
      at: new Date(1_800_000_000_000).toISOString(),
    };
    store.handleEvent({ type: 'vote.changed', blockId: 'b5', userId: 'u2', vote: recast });
    await withFetch(serverFetch(votes), async () => {
      store.openDetails('b5');
      await vi.waitFor(() => expect(store.detailsOf('b5')).toBe('ready'), WAIT);
    });
    // The full answer (older here) did not overwrite the vote the event brought.
    expect(store.book.recordOf('b5', 'u2')!.detail!.reason).toBe('Changed my mind.');

    const failing = (async () =>
      new Response('{"error":"down"}', { status: 503, headers: { 'content-type': 'application/json' } })) as typeof fetch;
    await withFetch(failing, async () => {
      store.openDetails('b6');
      await vi.waitFor(() => expect(store.detailsOf('b6')).toBe('failed'), WAIT);
    });
    await withFetch(serverFetch(votes), async () => {
      store.openDetails('b6');
      await vi.waitFor(() => expect(store.detailsOf('b6')).toBe('ready'), WAIT);
    });
  });
});
