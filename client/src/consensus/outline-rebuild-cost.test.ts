// @vitest-environment happy-dom
/**
 * A rebuild of the consensus view (every 1.5 s while anyone types) or a vote
 * from someone else redraws the outline rows whose section changed, not every
 * row, and wakes only those rows — shown by counting, not timing: each row sits
 * in a React Profiler, and we count the rows that drew again, the section
 * listeners the store called and the store-wide subscriptions the outline
 * holds, on a 300-block report and on one five times its size.
 */
import { createElement, Profiler, act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Node as PMNode } from '@tiptap/pm/model';
import { afterEach, expect, it, vi } from 'vitest';
import { OutlineRow } from '../editor/Outline';
import type { OutlineEntry } from '../editor/outline';
import type { ConsensusStore } from './consensus-store';
import { useCanSignOff } from './use-consensus';
import { consensusJson, loadedStore, reportDoc } from './test-fixtures';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function nextPublish(store: ConsensusStore): Promise<void> {
  return new Promise((resolve) => {
    const off = store.subscribe(() => (off(), resolve()));
  });
}

/** The document with block `index` (a paragraph) reworded, as a remote edit would leave it. */
function reworded(doc: PMNode, index: number): PMNode {
  const block = doc.child(index);
  return doc.copy(doc.content.replaceChild(index, block.type.create(block.attrs, doc.type.schema.text('Reworded by someone else.'))));
}

/** The outline's list as Outline.tsx draws it: one sign-off question for all rows, a memoised row per heading. */
function Rows({ store, entries, onRender }: { store: ConsensusStore; entries: OutlineEntry[]; onRender: (id: string) => void }) {
  const canSignOff = useCanSignOff(store);
  return createElement(
    'ol',
    null,
    entries.map((entry) =>
      createElement(
        Profiler,
        { key: entry.id, id: entry.id!, onRender },
        createElement(OutlineRow, { entry, store, canSignOff, onJump: () => {} }),
      ),
    ),
  );
}

interface Cost {
  rows: number;
  /** Rows drawn again, per change. */
  redrawn: string[][];
  /** Section listeners called, per change. */
  woken: number[];
  /** Listeners the outline put on the whole store. */
  storeListeners: number;
}

async function outlineCost(blocks: number): Promise<Cost> {
  const doc = reportDoc(blocks);
  const store = await loadedStore(consensusJson(doc, 16));
  store.computeView(doc);
  await nextPublish(store);
  const entries: OutlineEntry[] = store
    .getSnapshot()
    .view!.entries.filter((e) => e.block.kind === 'heading')
    .map((e, i) => ({ pos: i, level: 2, text: e.block.text, id: e.block.id! }));

  const subscribe = vi.spyOn(store, 'subscribe');
  const redrawn = new Set<string>();
  const container = document.createElement('div');
  const root = createRoot(container);
  cleanups.push(() => act(() => root.unmount()));
  await act(async () => root.render(createElement(Rows, { store, entries, onRender: (id: string) => redrawn.add(id) })));
  expect(container.querySelectorAll('[data-testid=section-signoff]')).toHaveLength(entries.length);
  expect(container.querySelectorAll('[data-testid=section-progress]')).toHaveLength(entries.length);
  const storeListeners = subscribe.mock.calls.length;

  const cost: Cost = { rows: entries.length, redrawn: [], woken: [], storeListeners };
  const measure = async (change: () => void) => {
    redrawn.clear();
    const before = store.sectionNotifications;
    await act(async () => {
      const published = nextPublish(store);
      change();
      await published;
    });
    cost.redrawn.push([...redrawn]);
    cost.woken.push(store.sectionNotifications - before);
  };
  // Someone else rewords paragraph b1 (section b0): agreed → changed since voted.
  const edited = reworded(doc, 1);
  await measure(() => store.computeView(edited));
  // A commissioner withdraws their agreement with b12 (section b10): agreed → in review.
  await measure(() => {
    store.handleEvent({ type: 'vote.changed', blockId: 'b12', userId: 'u3', vote: null });
    store.computeView(edited);
  });
  // A rebuild that changes no count (the same document again, votes unchanged): nothing at all.
  await measure(() => {
    store.handleEvent({ type: 'vote.changed', blockId: 'b12', userId: 'u3', vote: null });
    store.notify('Something else changed.');
  });
  expect(container.querySelector('[data-testid=section-progress]')!.getAttribute('data-agreed')).toBe('8');
  return cost;
}

it('redraws and wakes only the changed section’s outline row, however long the report', async () => {
  const small = await outlineCost(300);
  const large = await outlineCost(1500);
  expect(large.rows).toBe(5 * small.rows);
  for (const cost of [small, large]) {
    expect(cost.redrawn).toEqual([['b0'], ['b10'], []]);
    expect(cost.woken).toEqual([1, 1, 0]);
    // One listener for the whole outline (may I sign off?), none per row.
    expect(cost.storeListeners).toBe(1);
  }
});
