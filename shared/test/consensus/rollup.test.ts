import { describe, it, expect } from 'vitest';
import { computeConsensus, DEFAULT_CONSENSUS_RULE, extractBlocks, PREAMBLE_SECTION_KEY, type Vote } from '../../src/consensus/index.js';
import { doc, h, li, p, quote, ul, vote } from './fixtures.js';

const d = doc(
  p('pre', 'Preamble text.'),
  h(1, 'hA', 'Section A'),
  p('a1', 'A one.'),
  ul(li(p('a2', 'A two, in a list.'))),
  h(2, 'hB', 'Section B'),
  quote(p('b1', 'B one, quoted.')),
  p('b2', 'B two.'),
  h(2, null, 'Untitled'),
);
const fp = Object.fromEntries(extractBlocks(d).map((b) => [b.id ?? 'none', b.fingerprint]));
const board = ['ann', 'bob'];
const votes: Record<string, Vote[]> = {
  pre: [vote('ann', 'agree', fp.pre!), vote('bob', 'agree', fp.pre!)], // agreed
  hA: [vote('ann', 'agree', fp.hA!)], // in review
  a1: [vote('ann', 'dispute', fp.a1!, 'no')], // disputed
  a2: [vote('ann', 'agree', 'f'.repeat(64))], // stale, unreviewed
  hB: [vote('ann', 'agree', fp.hB!), vote('bob', 'agree', fp.hB!)], // agreed
  b1: [vote('bob', 'agree', fp.b1!), vote('ann', 'agree', 'e'.repeat(64))], // in review, stale
  b2: [vote('zed', 'agree', fp.b2!)], // non-member: unreviewed
};
const { rollup } = computeConsensus(d, votes, board, DEFAULT_CONSENSUS_RULE);

describe('section roll-up', () => {
  it('[C21] blocks before the first heading form the preamble; every heading starts a section', () => {
    expect(rollup.sections.map((s) => [s.key, s.headingId, s.title, s.level, s.start])).toEqual([
      [PREAMBLE_SECTION_KEY, null, '', 0, 0],
      ['hA', 'hA', 'Section A', 1, 1],
      ['hB', 'hB', 'Section B', 2, 4],
      ['heading@7', null, 'Untitled', 2, 7],
    ]);
  });

  it('[C21] counts each status per section, with stale counted alongside', () => {
    const counts = rollup.sections.map(({ total, agreed, disputed, in_review, unreviewed, stale }) => ({
      total,
      agreed,
      disputed,
      in_review,
      unreviewed,
      stale,
    }));
    expect(counts).toEqual([
      { total: 1, agreed: 1, disputed: 0, in_review: 0, unreviewed: 0, stale: 0 },
      { total: 3, agreed: 0, disputed: 1, in_review: 1, unreviewed: 1, stale: 1 },
      { total: 3, agreed: 1, disputed: 0, in_review: 1, unreviewed: 1, stale: 1 },
      { total: 1, agreed: 0, disputed: 0, in_review: 0, unreviewed: 1, stale: 0 },
    ]);
    expect(rollup.sections[2]!.shareAgreed).toBeCloseTo(1 / 3);
  });

  it('[C21] whole-document totals and the share agreed', () => {
    expect(rollup.totals).toEqual({ total: 8, agreed: 2, disputed: 1, in_review: 2, unreviewed: 3, stale: 2, shareAgreed: 0.25 });
  });

  it('[C21] coverage: per commissioner and section, the blocks they have a current vote on', () => {
    expect(rollup.coverage).toEqual([
      { userId: 'ann', bySection: [1, 2, 1, 0], total: 4 },
      { userId: 'bob', bySection: [1, 0, 2, 0], total: 3 },
    ]);
  });

  it('[C21] no preamble section when the document starts with a heading; an empty document has no sections', () => {
    const r = computeConsensus(doc(h(1, 'x', 'X'), p('y', 'Y')), {}, board, DEFAULT_CONSENSUS_RULE).rollup;
    expect(r.sections.map((s) => s.key)).toEqual(['x']);
    const empty = computeConsensus({ type: 'doc', content: [] }, {}, board, DEFAULT_CONSENSUS_RULE).rollup;
    expect(empty.sections).toEqual([]);
    expect(empty.totals.shareAgreed).toBe(0);
    expect(empty.coverage).toEqual([
      { userId: 'ann', bySection: [], total: 0 },
      { userId: 'bob', bySection: [], total: 0 },
    ]);
  });
});
