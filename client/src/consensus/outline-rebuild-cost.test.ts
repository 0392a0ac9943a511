// @vitest-environment happy-dom
/**
 * A rebuild of the consensus view (every 1.5 s while anyone types) redraws the
 * outline rows whose section changed, not every row — shown by counting, not
 * timing: each row sits in a React Profiler, and we count the rows that drew
 * again after someone else edited one paragraph, on a 300-block report and on
 * one four times its size.
 */
import { createElement, Profiler, act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Node as PMNode } from '@tiptap/pm/model';
import { afterEach, expect, it } from 'vitest';
import { SectionProgress } from './SectionProgress';
import { SectionSignOff } from './SectionSignOff';
import type { ConsensusStore } from './consensus-store';
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

async function rowsRedrawnByOneRemoteEdit(blocks: number): Promise<{ rows: number; redrawn: string[] }> {
  const doc = reportDoc(blocks);
  const store = await loadedStore(consensusJson(doc, 16));
  store.computeView(doc);
  await nextPublish(store);
  const headings = store
    .getSnapshot()
    .view!.entries.filter((e) => e.block.kind === 'heading')
    .map((e) => e.block.id!);

  const redrawn = new Set<string>();
  const container = document.createElement('div');
  const root = createRoot(container);
  cleanups.push(() => act(() => root.unmount()));
  const rows = headings.map((id) =>
    createElement(
      Profiler,
      { key: id, id, onRender: (rowId: string) => redrawn.add(rowId) },
      createElement(SectionProgress, { store, headingId: id }),
      createElement(SectionSignOff, { store, headingId: id, title: id }),
    ),
  );
  await act(async () => root.render(createElement('ol', null, rows)));
  expect(container.querySelectorAll('[data-testid=section-signoff]')).toHaveLength(headings.length);
  expect(container.querySelectorAll('[data-testid=section-progress]')).toHaveLength(headings.length);

  redrawn.clear();
  await act(async () => {
    const published = nextPublish(store);
    store.computeView(reworded(doc, 1));
    await published;
  });
  return { rows: headings.length, redrawn: [...redrawn] };
}

it('redraws only the edited section’s outline row on a view rebuild, however long the report', async () => {
  const small = await rowsRedrawnByOneRemoteEdit(300);
  const large = await rowsRedrawnByOneRemoteEdit(1200);
  expect(large.rows).toBe(4 * small.rows);
  // Block b1 is in the first section (heading b0): its counts changed (agreed → changed since voted).
  expect(small.redrawn).toEqual(['b0']);
  expect(large.redrawn).toEqual(['b0']);
});
