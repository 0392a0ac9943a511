import { describe, it, expect } from 'vitest';
import { computeConsensus, DEFAULT_CONSENSUS_RULE, fingerprintBlock } from '../../src/consensus/index.js';
import { doc, p, vote } from './fixtures.js';

const d = doc(p('b1', 'We recommend a four-day week.'));
const fp = fingerprintBlock(d.child(0));
const votes = { b1: [vote('ann', 'agree', fp), vote('bob', 'agree', fp)] };
const statusWith = (commissioners: string[]) => computeConsensus(d, votes, commissioners, DEFAULT_CONSENSUS_RULE).entries[0]!.consensus;

describe('membership changes', () => {
  it('[C14] a new commissioner must agree too: an agreed block goes back to in review', () => {
    expect(statusWith(['ann', 'bob']).status).toBe('agreed');
    const after = statusWith(['ann', 'bob', 'cat']);
    expect(after.status).toBe('in_review');
    expect(after.pending).toEqual(['cat']);
    expect(after.stale).toBe(false);
  });

  it('[C14] under a quorum already met, a new commissioner changes nothing', () => {
    const s = computeConsensus(d, votes, ['ann', 'bob', 'cat'], { kind: 'quorum', minAgree: 2, maxDispute: 0 }).entries[0]!.consensus;
    expect(s.status).toBe('agreed');
    expect(s.pending).toEqual(['cat']);
  });

  it("[C15] a removed commissioner's votes are ignored, but stay in the history given back", () => {
    const withDispute = { b1: [...votes.b1, vote('dan', 'dispute', fp, 'left the commission')] };
    expect(computeConsensus(d, withDispute, ['ann', 'bob', 'dan'], DEFAULT_CONSENSUS_RULE).entries[0]!.consensus.status).toBe('disputed');
    const s = computeConsensus(d, withDispute, ['ann', 'bob'], DEFAULT_CONSENSUS_RULE).entries[0]!.consensus;
    expect(s).toMatchObject({ status: 'agreed', agree: 2, dispute: 0, stale: false });
    expect(s.current.map((v) => v.userId)).toEqual(['ann', 'bob']);
    expect(withDispute.b1).toHaveLength(3); // the model never drops votes from its input
  });

  it("[C15] a removed commissioner's stale votes do not flag the block stale; re-adding them restores their votes", () => {
    const mixed = { b1: [...votes.b1, vote('dan', 'agree', 'f'.repeat(64)), vote('eve', 'agree', fp)] };
    expect(computeConsensus(d, mixed, ['ann', 'bob'], DEFAULT_CONSENSUS_RULE).entries[0]!.consensus.stale).toBe(false);
    const back = computeConsensus(d, mixed, ['ann', 'bob', 'eve'], DEFAULT_CONSENSUS_RULE).entries[0]!.consensus;
    expect(back.status).toBe('agreed');
  });
});
