/**
 * A rebuild of the consensus view after someone else's keystroke (every 1.5 s while anyone
 * types) costs that keystroke, not the report — shown by counting: the blocks read, hashed and
 * evaluated and the entries made, on a 300-block report and on one four times its size. And the
 * consensus panel is drawn again only when a count it shows moved.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import { computeConsensus } from '@concord/shared';
import { expect, it } from 'vitest';
import type { ConsensusStore } from './consensus-store';
import { tallyOf } from './filter-tally';
import { consensusJson, loadedStore, reportDoc } from './test-fixtures';

function nextPublish(store: ConsensusStore): Promise<void> {
  return new Promise((resolve) => {
    const off = store.subscribe(() => (off(), resolve()));
  });
}

/** The document with block `index` (a paragraph) reading `text`, as a remote edit would leave it. */
function reworded(doc: PMNode, index: number, text: string): PMNode {
  const block = doc.child(index);
  return doc.copy(doc.content.replaceChild(index, block.type.create(block.attrs, doc.type.schema.text(text))));
}

async function rebuildsAfterKeystrokes(blocks: number) {
  const doc = reportDoc(blocks);
  const votes = consensusJson(doc, 16);
  const store = await loadedStore(votes);
  store.computeView(doc);
  await nextPublish(store);
  const whole = { ...store.viewStats };

  // Someone starts typing in an agreed paragraph: it goes stale, the counts move.
  const first = reworded(doc, 21, 'Someone else is typing h');
  store.computeView(first);
  const firstStats = { ...store.viewStats };
  let panel = store.getPanelSnapshot();
  await nextPublish(store);
  const firstRedraws = store.getPanelSnapshot() !== panel;

  // And types on: the paragraph stays stale, no count moves.
  const second = reworded(doc, 21, 'Someone else is typing he');
  store.computeView(second);
  const secondStats = { ...store.viewStats };
  panel = store.getPanelSnapshot();
  const view = store.getSnapshot().view;
  await nextPublish(store);
  const secondRedraws = store.getPanelSnapshot() !== panel;
  const snapshot = store.getSnapshot();
  expect(snapshot.view).not.toBe(view);
  // The patched view and its counts are what a computation from scratch gives.
  const fresh = computeConsensus(
    second,
    store.book.votesByBlock,
    snapshot.commissioners.map((c) => c.userId),
    snapshot.rule,
  );
  expect(JSON.parse(JSON.stringify(snapshot.view))).toEqual(JSON.parse(JSON.stringify({ ...fresh, byId: [...fresh.byId] })));
  expect(snapshot.tally).toEqual(tallyOf(fresh.entries, store));
  return { whole, firstStats, secondStats, firstRedraws, secondRedraws };
}

it('rebuilds the view after a keystroke from the changed block, however long the report, and redraws the panel only when a count moves', async () => {
  const small = await rebuildsAfterKeystrokes(300);
  const large = await rebuildsAfterKeystrokes(1200);
  expect(small.whole).toMatchObject({ blocks: 300, whole: true });
  expect(large.whole).toMatchObject({ blocks: 1200, whole: true });
  for (const run of [small, large]) {
    for (const stats of [run.firstStats, run.secondStats])
      expect(stats).toMatchObject({ read: 1, fingerprinted: 1, evaluated: 1, entries: 1, whole: false });
    expect(run.firstRedraws).toBe(true);
    expect(run.secondRedraws).toBe(false);
  }
});
