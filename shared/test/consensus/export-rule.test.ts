/**
 * C22 is implemented by the export module (`shared/src/export/filter-consensus.ts`);
 * these tests hold it to the rule as CONSENSUS.md states it, fed with statuses
 * computed by the consensus model.
 */
import { describe, it, expect } from 'vitest';
import type { Node as PMNode } from '@tiptap/pm/model';
import { computeConsensus, DEFAULT_CONSENSUS_RULE, extractBlocks, type PMJSONNode, type Vote } from '../../src/consensus/index.js';
import { filterConsensus } from '../../src/export/filter-consensus.js';
import { parseDocJSON } from '../../src/export/doc-model.js';
import { doc, h, li, ol, p, quote, schema, ul, vote } from './fixtures.js';

/** The consensus document when exactly the listed blocks are agreed by the sole commissioner. */
function consensusOf(d: PMNode, agreed: string[]): PMJSONNode {
  const votes: Record<string, Vote[]> = {};
  for (const b of extractBlocks(d)) if (b.id && agreed.includes(b.id)) votes[b.id] = [vote('ann', 'agree', b.fingerprint)];
  const view = computeConsensus(d, votes, ['ann'], DEFAULT_CONSENSUS_RULE);
  return filterConsensus(parseDocJSON(d.toJSON()), (id) => view.byId.get(id)?.consensus.status === 'agreed');
}
const ids = (json: PMJSONNode) => extractBlocks(json).map((b) => b.id);

describe('consensus export rule', () => {
  it('[C22] only agreed paragraphs survive', () => {
    const d = doc(p('a', 'kept'), p('b', 'dropped'), p('c', 'kept too'));
    expect(ids(consensusOf(d, ['a', 'c']))).toEqual(['a', 'c']);
  });

  it('[C22] a heading survives only if agreed and something under it survives', () => {
    const d = doc(h(1, 'h1', 'One'), p('a', 'A'), h(1, 'h2', 'Two'), p('b', 'B'), h(1, 'h3', 'Three'), p('c', 'C'));
    // h1: agreed with agreed content; h2: agreed, content not; h3: content agreed, heading not.
    expect(ids(consensusOf(d, ['h1', 'a', 'h2', 'c']))).toEqual(['h1', 'a', 'c']);
  });

  it('[C22] "under" a heading includes its sub-sections, up to the next heading of the same or a higher level', () => {
    const d = doc(h(1, 'top', 'Top'), h(2, 'sub', 'Sub'), p('x', 'X'), h(1, 'next', 'Next'), h(2, 'sub2', 'Sub 2'), p('y', 'Y'));
    expect(ids(consensusOf(d, ['top', 'sub', 'x', 'next', 'sub2']))).toEqual(['top', 'sub', 'x']);
    // A non-agreed sub-heading does not hide agreed text from its agreed parent.
    expect(ids(consensusOf(d, ['top', 'x']))).toEqual(['top', 'x']);
  });

  it('[C22] surviving lists and quotes count as something under a heading; scope stays inside its container', () => {
    const d = doc(
      h(1, 'h', 'H'),
      ul(li(p('l', 'item'))),
      quote(h(2, 'qh', 'Quoted heading'), p('qp', 'quoted')),
      quote(h(2, 'lone', 'Alone')),
      p('after', 'after'),
    );
    expect(ids(consensusOf(d, ['h', 'l', 'qh', 'qp', 'lone', 'after']))).toEqual(['h', 'l', 'qh', 'qp', 'after']);
  });

  it('[C22] empty lists and quotes vanish; partly kept ones keep only what survives', () => {
    const d = doc(ul(li(p('l1', 'one')), li(p('l2', 'two'))), ol(li(p('o1', 'first')), li(p('o2', 'second'))), quote(p('q1', 'quoted')));
    const out = consensusOf(d, ['l2']);
    expect(out).toEqual({
      type: 'doc',
      content: [{ type: 'bulletList', content: [{ type: 'listItem', content: [d.child(0).child(1).child(0).toJSON()] }] }],
    });
  });

  it('[C22] a list item that keeps only a nested list gets an empty first paragraph, so the result fits the schema', () => {
    const d = doc(ul(li(p('outer', 'outer'), ul(li(p('inner', 'inner'))))));
    const out = consensusOf(d, ['inner']);
    expect(ids(out)).toEqual([null, 'inner']);
    expect(() => schema.nodeFromJSON(out).check()).not.toThrow();
  });

  it('[C22] an ordered list keeps its start; nothing agreed gives an empty document', () => {
    const d = doc(schema.nodes.orderedList!.create({ start: 3 }, [li(p('o', 'third'))]));
    expect(consensusOf(d, ['o']).content![0]!.attrs).toMatchObject({ start: 3 });
    expect(consensusOf(doc(h(1, 'h', 'H'), p('a', 'A')), ['h'])).toEqual({ type: 'doc', content: [] });
  });

  it('[C22] a block with stale agreement is left out: agreement is on the current text only', () => {
    const d = doc(p('a', 'Edited since'));
    const view = computeConsensus(d, { a: [vote('ann', 'agree', 'f'.repeat(64))] }, ['ann'], DEFAULT_CONSENSUS_RULE);
    const out = filterConsensus(parseDocJSON(d.toJSON()), (id) => view.byId.get(id)?.consensus.status === 'agreed');
    expect(out.content).toEqual([]);
  });
});
