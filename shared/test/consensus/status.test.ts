import { describe, it, expect } from 'vitest';
import { blockStatus, type ConsensusRule, type Vote } from '../../src/consensus/index.js';
import { vote } from './fixtures.js';

const FP = 'a'.repeat(64);
const OLD = 'b'.repeat(64);
const OLDER = 'c'.repeat(64);
const unanimous: ConsensusRule = { kind: 'unanimous' };
const quorum = (minAgree: number, maxDispute: number): ConsensusRule => ({ kind: 'quorum', minAgree, maxDispute });
const board = ['ann', 'bob', 'cat'];
const status = (votes: Vote[], rule: ConsensusRule = unanimous, commissioners = board) =>
  blockStatus({ fingerprint: FP, commissioners, votes, rule });

describe('vote counting', () => {
  it('[C6] a commissioner counts once, with their latest vote on the current text', () => {
    const s = status([vote('ann', 'dispute', FP, 'too vague'), vote('ann', 'agree', FP), vote('bob', 'agree', FP)]);
    expect(s.agree).toBe(2);
    expect(s.dispute).toBe(0);
    expect(s.current.map((v) => [v.userId, v.stance])).toEqual([
      ['ann', 'agree'],
      ['bob', 'agree'],
    ]);
    expect(s.pending).toEqual(['cat']);
  });

  it('[C6] "latest" is decided by the vote time, whatever the order of the list', () => {
    const later = { ...vote('ann', 'dispute', FP, 'changed my mind'), at: 2_000 };
    const earlier = { ...vote('ann', 'agree', FP), at: 1_000 };
    expect(status([later, earlier]).current[0]!.stance).toBe('dispute');
    // Same time: the later entry in the list wins.
    expect(
      status([
        { ...earlier, at: 5 },
        { ...later, at: 5 },
      ]).current[0]!.stance,
    ).toBe('dispute');
  });

  it('[C6] a vote with an unknown stance (unchecked input) counts for nothing', () => {
    const odd = { ...vote('ann', 'agree', FP), stance: 'abstain' } as unknown as Vote;
    expect(status([odd])).toMatchObject({ status: 'unreviewed', agree: 0, dispute: 0, pending: board });
  });

  it('[C6] duplicate commissioner ids count once', () => {
    const s = status([vote('ann', 'agree', FP)], unanimous, ['ann', 'ann']);
    expect(s.status).toBe('agreed');
    expect(s.pending).toEqual([]);
  });

  it('[C7] votes on other text are stale: not counted, flagged, listed', () => {
    const s = status([vote('ann', 'agree', OLD), vote('ann', 'agree', OLDER), vote('bob', 'agree', FP), vote('cat', 'dispute', OLD)]);
    expect(s.agree).toBe(1);
    expect(s.dispute).toBe(0);
    expect(s.stale).toBe(true);
    expect(s.staleVotes).toBe(2);
    expect(s.staleVoters).toEqual(['ann', 'cat']);
    expect(s.pending).toEqual(['ann', 'cat']);
    expect(s.status).toBe('in_review');
  });

  it('[C7] a commissioner who voted again on the current text no longer makes the block stale', () => {
    const s = status([vote('ann', 'agree', OLD), vote('ann', 'agree', FP)]);
    expect(s.stale).toBe(false);
    expect(s.staleVotes).toBe(0);
  });

  it('[C7] only stale votes means unreviewed (and stale)', () => {
    const s = status([vote('ann', 'agree', OLD), vote('bob', 'dispute', OLD)]);
    expect(s.status).toBe('unreviewed');
    expect(s.stale).toBe(true);
  });
});

describe('unanimous', () => {
  it('[C9] no current votes: unreviewed', () => {
    expect(status([]).status).toBe('unreviewed');
  });
  it('[C9] some agree, nobody disputes, someone pending: in review', () => {
    expect(status([vote('ann', 'agree', FP), vote('bob', 'agree', FP)]).status).toBe('in_review');
  });
  it('[C9] every commissioner agrees with the current text: agreed', () => {
    const s = status(board.map((u) => vote(u, 'agree', FP)));
    expect(s).toMatchObject({ status: 'agreed', agree: 3, dispute: 0, pending: [], stale: false });
  });
  it('[C9] any current dispute: disputed, even if everyone else agrees', () => {
    const s = status([vote('ann', 'agree', FP), vote('bob', 'agree', FP), vote('cat', 'dispute', FP, 'no')]);
    expect(s.status).toBe('disputed');
    expect(s.current.find((v) => v.stance === 'dispute')?.reason).toBe('no');
  });
  it('[C9] a dispute on older text does not dispute the current text', () => {
    const s = status([vote('ann', 'agree', FP), vote('bob', 'agree', FP), vote('cat', 'dispute', OLD)]);
    expect(s.status).toBe('in_review');
    expect(s.stale).toBe(true);
  });
});

describe('quorum', () => {
  const rule = quorum(2, 1);
  it('[C10] enough agree and few enough dispute: agreed, even with one dispute', () => {
    expect(status([vote('ann', 'agree', FP), vote('bob', 'agree', FP)], rule).status).toBe('agreed');
    expect(status([vote('ann', 'agree', FP), vote('bob', 'agree', FP), vote('cat', 'dispute', FP)], rule).status).toBe('agreed');
  });
  it('[C10] more disputes than allowed: disputed, whatever the agrees', () => {
    const r = quorum(1, 1);
    expect(status([vote('ann', 'agree', FP), vote('bob', 'dispute', FP), vote('cat', 'dispute', FP)], r).status).toBe('disputed');
    expect(status([vote('ann', 'dispute', FP)], quorum(1, 0)).status).toBe('disputed');
  });
  it('[C10] too few agrees, disputes within bounds: in review; no current votes: unreviewed', () => {
    expect(status([vote('ann', 'agree', FP)], rule).status).toBe('in_review');
    expect(status([vote('ann', 'dispute', FP)], rule).status).toBe('in_review');
    expect(status([vote('ann', 'agree', OLD)], rule).status).toBe('unreviewed');
  });
  it('[C10] agreed under quorum can still carry the stale flag', () => {
    const s = status([vote('ann', 'agree', FP), vote('bob', 'agree', FP), vote('cat', 'agree', OLD)], rule);
    expect(s.status).toBe('agreed');
    expect(s.stale).toBe(true);
  });
  it('[C10] a hand-built rule asking for zero agrees still needs one current agree', () => {
    expect(status([], quorum(0, 0)).status).toBe('unreviewed');
  });
});

describe('edge cases', () => {
  it('[C12] with zero commissioners nothing is ever agreed, under either rule', () => {
    const votes = [vote('ann', 'agree', FP)];
    expect(status(votes, unanimous, [])).toMatchObject({ status: 'unreviewed', agree: 0, pending: [], stale: false });
    expect(status(votes, quorum(1, 0), []).status).toBe('unreviewed');
  });
  it('[C13] a quorum larger than the commission is unreachable: never agreed', () => {
    const all = board.map((u) => vote(u, 'agree', FP));
    expect(status(all, quorum(4, 0)).status).toBe('in_review');
    expect(status(all, quorum(3, 0)).status).toBe('agreed');
  });
});
