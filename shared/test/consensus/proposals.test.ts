import { describe, it, expect } from 'vitest';
import {
  adoptionVotes,
  agreementsSetAsideByEdit,
  blockStatus,
  checkAdoption,
  checkProposalContent,
  fingerprintBlock,
  isProposalOutdated,
  proposalConsensus,
  proposalIsOpen,
  wordDiff,
  MAX_PROPOSAL_TEXT_LENGTH,
  type ConsensusRule,
  type ProposalVote,
} from '../../src/consensus/index.js';

const unanimous: ConsensusRule = { kind: 'unanimous' };
const quorum = (minAgree: number, maxDispute: number): ConsensusRule => ({ kind: 'quorum', minAgree, maxDispute });
const board = ['ann', 'bob', 'cat'];
let clock = 0;
const pv = (userId: string, stance: ProposalVote['stance'], revision = 1, reason?: string): ProposalVote => ({
  userId,
  stance,
  revision,
  at: ++clock,
  ...(reason ? { reason } : {}),
});
const judge = (votes: ProposalVote[], rule: ConsensusRule = unanimous, revision = 1, commissioners = board) =>
  proposalConsensus({ votes, revision, commissioners, rule });
const para = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });

describe('proposal content', () => {
  it('[C25] a proposal is exactly one block of the same type, rebuilt without a block id', () => {
    const check = checkProposalContent(
      {
        type: 'paragraph',
        attrs: { id: 'forged' },
        content: [{ type: 'text', text: 'New ', marks: [{ type: 'bold' }] }, { type: 'hardBreak' }, { type: 'text', text: 'words' }],
      },
      'paragraph',
    );
    expect(check).toMatchObject({ ok: true, text: 'New \nwords' });
    if (!check.ok) return;
    expect(check.content).toEqual({
      type: 'paragraph',
      content: [{ type: 'text', text: 'New ', marks: [{ type: 'bold' }] }, { type: 'hardBreak' }, { type: 'text', text: 'words' }],
    });
    expect(check.fingerprint).toBe(fingerprintBlock(check.content));
  });

  it('[C25] a heading stays a heading (its level may change); a paragraph stays a paragraph', () => {
    expect(
      checkProposalContent({ type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Scope' }] }, 'heading'),
    ).toMatchObject({ ok: true, content: { type: 'heading', attrs: { level: 3 } } });
    expect(checkProposalContent(para('x'), 'heading')).toMatchObject({ ok: false });
    expect(checkProposalContent({ type: 'heading', content: [] }, 'paragraph')).toMatchObject({ ok: false });
    expect(checkProposalContent({ type: 'heading', attrs: { level: 9 } }, 'heading')).toMatchObject({ ok: false });
  });

  it('[C25] anything but one block of text is refused with a reason: lists, several blocks, unknown marks, unsafe links, oversize', () => {
    const refused = [
      [para('a'), para('b')],
      { type: 'bulletList', content: [] },
      { type: 'paragraph', content: [para('nested')] },
      { type: 'paragraph', content: [{ type: 'text', text: '' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'code' }] }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] },
      // The one link policy (safeHref): no in-page anchors, site paths or protocol-relative hosts.
      ...['#notes', '/path', '//evil.example/x'].map((href) => ({
        type: 'paragraph',
        content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href } }] }],
      })),
      para('x'.repeat(MAX_PROPOSAL_TEXT_LENGTH + 1)),
      'just text',
      null,
    ];
    for (const input of refused) {
      const check = checkProposalContent(input, 'paragraph');
      expect(check.ok, JSON.stringify(input).slice(0, 80)).toBe(false);
      if (!check.ok) expect(check.errors.join(' ')).toMatch(/\w{4,}/);
    }
  });
});

describe('proposal status', () => {
  it('[C26] under the unanimous rule a proposal is agreed when every commissioner supports it, disputed by any objection', () => {
    expect(judge([pv('ann', 'support'), pv('bob', 'support')])).toMatchObject({
      status: 'in_review',
      meetsRule: false,
      support: 2,
      pending: ['cat'],
    });
    expect(judge([pv('ann', 'support'), pv('bob', 'support'), pv('cat', 'support')])).toMatchObject({
      status: 'agreed',
      meetsRule: true,
      support: 3,
      pending: [],
    });
    expect(judge([pv('ann', 'support'), pv('bob', 'support'), pv('cat', 'object', 1, 'too long')])).toMatchObject({
      status: 'disputed',
      meetsRule: false,
      object: 1,
    });
    expect(judge([])).toMatchObject({ status: 'unreviewed', meetsRule: false });
  });

  it('[C26] under a quorum rule a proposal is agreed with enough support and few enough objections', () => {
    const rule = quorum(2, 1);
    expect(judge([pv('ann', 'support'), pv('bob', 'support'), pv('cat', 'object', 1, 'no')], rule)).toMatchObject({
      status: 'agreed',
      meetsRule: true,
      objectors: [{ userId: 'cat', reason: 'no' }],
    });
    expect(judge([pv('ann', 'support')], rule)).toMatchObject({ status: 'in_review', meetsRule: false });
    expect(judge([pv('ann', 'support'), pv('bob', 'object', 1, 'a'), pv('cat', 'object', 1, 'b')], rule)).toMatchObject({
      status: 'disputed',
    });
  });

  it('[C26] a person counts once, with their latest vote; non-commissioners count for nothing', () => {
    const c = judge([pv('ann', 'object', 1, 'first thought'), pv('ann', 'support'), pv('zed', 'object', 1, 'not a member')]);
    expect(c).toMatchObject({ support: 1, object: 0, supporters: ['ann'], pending: ['bob', 'cat'] });
  });
});

describe('adoption', () => {
  it('[C27] adopting turns supporters into agree votes on the new fingerprint, objections into disputes with their reasons', () => {
    const newFp = fingerprintBlock(para('Better words.'));
    const consensus = judge([pv('ann', 'support'), pv('bob', 'support'), pv('cat', 'object', 1, 'prefer the old')], quorum(2, 1));
    const votes = adoptionVotes(consensus, newFp, 42);
    expect(votes).toEqual([
      { userId: 'ann', stance: 'agree', fingerprint: newFp, at: 42 },
      { userId: 'bob', stance: 'agree', fingerprint: newFp, at: 42 },
      { userId: 'cat', stance: 'dispute', fingerprint: newFp, at: 42, reason: 'prefer the old' },
    ]);
    // The block reads exactly what the proposal read: agreed under the same rule.
    expect(blockStatus({ fingerprint: newFp, commissioners: board, votes, rule: quorum(2, 1) })).toMatchObject({
      status: 'agreed',
      agree: 2,
      dispute: 1,
    });
  });

  it('[C27] a unanimous proposal lands as an agreed block', () => {
    const newFp = fingerprintBlock(para('Agreed words.'));
    const votes = adoptionVotes(judge(board.map((u) => pv(u, 'support'))), newFp, 1);
    expect(blockStatus({ fingerprint: newFp, commissioners: board, votes, rule: unanimous }).status).toBe('agreed');
  });

  it('[C28] only an open, current proposal that meets the rule is adopted; the author may force one explicitly', () => {
    const agreed = judge(board.map((u) => pv(u, 'support')));
    const partial = judge([pv('ann', 'support')]);
    const base = { state: 'open' as const, base: 'f1', currentFingerprint: 'f1', force: false, callerIsAuthor: false };
    expect(checkAdoption({ ...base, consensus: agreed })).toEqual({ ok: true, forced: false });
    expect(checkAdoption({ ...base, consensus: partial })).toMatchObject({ ok: false, code: 'conflict' });
    expect(checkAdoption({ ...base, consensus: partial, force: true })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(checkAdoption({ ...base, consensus: partial, force: true, callerIsAuthor: true })).toEqual({ ok: true, forced: true });
    expect(checkAdoption({ ...base, consensus: agreed, state: 'adopted' })).toMatchObject({ ok: false, code: 'conflict' });
    expect(checkAdoption({ ...base, consensus: agreed, currentFingerprint: undefined })).toMatchObject({ ok: false, code: 'not_found' });
  });
});

describe('outdated proposals', () => {
  it('[C29] a proposal whose base is not the block text now is outdated, and adopting it is refused with conflict', () => {
    expect(isProposalOutdated('f1', 'f1')).toBe(false);
    expect(isProposalOutdated('f1', 'f2')).toBe(true);
    const agreed = judge(board.map((u) => pv(u, 'support')));
    expect(
      checkAdoption({ state: 'open', base: 'f1', currentFingerprint: 'f2', consensus: agreed, force: true, callerIsAuthor: true }),
    ).toMatchObject({ ok: false, code: 'conflict' });
    // What everyone sees: the word diff between the base text and the text now (C24).
    expect(wordDiff('The board meets yearly', 'The board meets monthly')).toEqual([
      { op: 'equal', text: 'The board meets ' },
      { op: 'delete', text: 'yearly' },
      { op: 'insert', text: 'monthly' },
    ]);
  });

  it('[C29] after a rebase only votes on the new revision count; older ones stay as history', () => {
    const votes = [pv('ann', 'support', 1), pv('bob', 'support', 1), pv('cat', 'support', 1), pv('ann', 'support', 2)];
    expect(judge(votes, unanimous, 1)).toMatchObject({ status: 'agreed' });
    expect(judge(votes, unanimous, 2)).toMatchObject({ status: 'in_review', support: 1, pending: ['bob', 'cat'] });
  });
});

describe('closing', () => {
  it('[C30] adopted and closed proposals are no longer open: no votes, revisions or adoption', () => {
    expect(proposalIsOpen('open')).toBe(true);
    expect(proposalIsOpen('adopted')).toBe(false);
    expect(proposalIsOpen('closed')).toBe(false);
    const agreed = judge(board.map((u) => pv(u, 'support')));
    expect(
      checkAdoption({ state: 'closed', base: 'f', currentFingerprint: 'f', consensus: agreed, force: false, callerIsAuthor: true }),
    ).toMatchObject({ ok: false, code: 'conflict' });
  });
});

describe('the cost of an edit', () => {
  it('[C31] an edit to a block sets aside its current agree votes, and only those', () => {
    const fp = 'a'.repeat(64);
    const c = blockStatus({
      fingerprint: fp,
      commissioners: board,
      rule: unanimous,
      votes: [
        { userId: 'ann', stance: 'agree', fingerprint: fp, at: 1 },
        { userId: 'bob', stance: 'agree', fingerprint: fp, at: 1 },
        { userId: 'cat', stance: 'dispute', fingerprint: fp, at: 1, reason: 'no' },
        { userId: 'cat', stance: 'agree', fingerprint: 'b'.repeat(64), at: 0 },
      ],
    });
    expect(agreementsSetAsideByEdit(c)).toBe(2);
    expect(agreementsSetAsideByEdit(undefined)).toBe(0);
  });
});
