import { describe, it, expect } from 'vitest';
import { extractBlocks, fingerprintBlock, computeConsensus, DEFAULT_CONSENSUS_RULE } from '../../src/consensus/index.js';
import { doc, h, li, ol, p, quote, t, ul, vote, br } from './fixtures.js';

const report = doc(
  p('intro', 'Before any heading.'),
  h(1, 'h-rec', 'Recommendations'),
  p('r1', 'First ', t('recommendation', 'bold'), '.'),
  ul(li(p('b1', 'Bullet one')), li(p('b2', 'Bullet two'), ol(li(p('n1', 'Nested'))))),
  h(2, 'h-hous', 'Housing'),
  quote(p('q1', 'Quoted', br(), 'text'), h(3, 'h-q', 'Quoted heading')),
  p('last', 'Last'),
);

describe('blocks', () => {
  it('[C1] every paragraph and heading at any depth is a block, in document order; containers are not', () => {
    const blocks = extractBlocks(report);
    expect(blocks.map((b) => b.id)).toEqual(['intro', 'h-rec', 'r1', 'b1', 'b2', 'n1', 'h-hous', 'q1', 'h-q', 'last']);
    expect(blocks.map((b) => b.kind)).toEqual([
      'paragraph',
      'heading',
      'paragraph',
      'paragraph',
      'paragraph',
      'paragraph',
      'heading',
      'paragraph',
      'heading',
      'paragraph',
    ]);
    expect(blocks[1]!.level).toBe(1);
    expect(blocks[0]!.level).toBeUndefined();
    expect(blocks[2]!.text).toBe('First recommendation.');
    expect(blocks[7]!.text).toBe('Quoted\ntext');
  });

  it('[C1] each block records its container path', () => {
    const path = Object.fromEntries(extractBlocks(report).map((b) => [b.id, b.path]));
    expect(path.intro).toEqual([]);
    expect(path.b1).toEqual(['bulletList', 'listItem']);
    expect(path.n1).toEqual(['bulletList', 'listItem', 'orderedList', 'listItem']);
    expect(path.q1).toEqual(['blockquote']);
    expect(path['h-q']).toEqual(['blockquote']);
  });

  it('[C1] JSON and live nodes give the same blocks', () => {
    expect(extractBlocks(report.toJSON())).toEqual(extractBlocks(report));
  });

  it('[C2] a block belongs to the section of the nearest preceding heading; a heading to its own', () => {
    const section = Object.fromEntries(extractBlocks(report).map((b) => [b.id, b.sectionId]));
    expect(section).toEqual({
      intro: null,
      'h-rec': 'h-rec',
      r1: 'h-rec',
      b1: 'h-rec',
      b2: 'h-rec',
      n1: 'h-rec',
      'h-hous': 'h-hous',
      q1: 'h-hous',
      'h-q': 'h-q',
      last: 'h-q',
    });
  });

  it('[C2] a block without an id can hold no votes and stays unreviewed', () => {
    const d = doc(p(null, 'No id yet'));
    const [block] = extractBlocks(d);
    expect(block!.id).toBeNull();
    expect(block!.fingerprint).toBe(fingerprintBlock(d.child(0)));
    const view = computeConsensus(d, { null: [vote('ann', 'agree', block!.fingerprint)] }, ['ann'], DEFAULT_CONSENSUS_RULE);
    expect(view.entries[0]!.consensus.status).toBe('unreviewed');
  });

  it('[C1] an empty document has no blocks', () => {
    expect(extractBlocks({ type: 'doc', content: [] })).toEqual([]);
    expect(extractBlocks({ type: 'doc' })).toEqual([]);
  });
});
