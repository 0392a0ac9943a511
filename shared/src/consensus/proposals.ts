/**
 * Proposals: alternative wordings of one block that commissioners support or
 * object to before the text changes (C25–C31). Pure: the server decides with
 * these functions, the browser shows what they say, and the two always agree.
 *
 * A proposal is judged like a block's text (C9, C10), with support standing for
 * agree and objection for dispute; only votes on its current revision count, so
 * revising a proposal resets its support (old votes are kept as history).
 */
import type { ConsensusRule } from './rules.js';
import { decideStatus, indexCommissioners, type BlockConsensus, type BlockStatus, type Vote } from './status.js';

export type ProposalStance = 'support' | 'object';
/** open → adopted | closed (withdrawn by its proposer, or rejected by the author). */
export type ProposalState = 'open' | 'adopted' | 'closed';
export type ProposalClosedAs = 'withdrawn' | 'rejected';

export interface ProposalVote {
  userId: string;
  stance: ProposalStance;
  reason?: string | undefined;
  /** The proposal revision voted on; votes on earlier revisions no longer count (C29). */
  revision: number;
  /** ms since the epoch; the later vote of a person wins. */
  at: number;
}

export interface ProposalConsensus {
  /** The document's rule applied to supporters (as agree) and objectors (as dispute). */
  status: BlockStatus;
  /** True when adopting would leave the block `agreed` under the rule (status `agreed`). */
  meetsRule: boolean;
  support: number;
  object: number;
  /** Counted supporters and objectors, in commissioner order. */
  supporters: readonly string[];
  objectors: readonly { userId: string; reason: string | undefined }[];
  /** Commissioners with no vote on the current revision. */
  pending: readonly string[];
}

export interface ProposalConsensusInput {
  revision: number;
  votes: readonly ProposalVote[];
  commissioners: readonly string[];
  rule: ConsensusRule;
}

/** C26: the rule of the document, applied to the current commissioners' votes on the current revision. */
export function proposalConsensus(input: ProposalConsensusInput): ProposalConsensus {
  const { ids, position } = indexCommissioners(input.commissioners);
  const latest = new Map<string, ProposalVote>();
  for (const vote of input.votes) {
    if (vote.revision !== input.revision || !position.has(vote.userId)) continue; // C29, C15
    if (vote.stance !== 'support' && vote.stance !== 'object') continue;
    const seen = latest.get(vote.userId);
    if (!seen || vote.at >= seen.at) latest.set(vote.userId, vote);
  }
  const supporters: string[] = [];
  const objectors: { userId: string; reason: string | undefined }[] = [];
  const pending: string[] = [];
  for (const id of ids) {
    const vote = latest.get(id);
    if (!vote) pending.push(id);
    else if (vote.stance === 'support') supporters.push(id);
    else objectors.push({ userId: id, reason: vote.reason });
  }
  const status = decideStatus(input.rule, ids.length, supporters.length, objectors.length);
  return { status, meetsRule: status === 'agreed', support: supporters.length, object: objectors.length, supporters, objectors, pending };
}

/** C29: a proposal written against other text than the block's text now. */
export function isProposalOutdated(base: string, currentFingerprint: string | undefined): boolean {
  return base !== currentFingerprint;
}

/**
 * C27: the votes recorded on the block when a proposal is adopted: an agree on
 * the new text for every counted supporter (they agreed to exactly those words)
 * and a dispute, with its reason, for every counted objector.
 */
export function adoptionVotes(consensus: ProposalConsensus, newFingerprint: string, at: number): Vote[] {
  const votes: Vote[] = consensus.supporters.map((userId) => ({ userId, stance: 'agree', fingerprint: newFingerprint, at }));
  for (const { userId, reason } of consensus.objectors) {
    votes.push({ userId, stance: 'dispute', fingerprint: newFingerprint, at, reason: reason ?? 'objected to this wording as a proposal' });
  }
  return votes;
}

export interface AdoptionRequest {
  state: ProposalState;
  base: string;
  /** The block's fingerprint now; undefined when the block is gone. */
  currentFingerprint: string | undefined;
  consensus: ProposalConsensus;
  /** The caller explicitly adopts a proposal that does not meet the rule. */
  force: boolean;
  /** Only the document's author may force (C28). */
  callerIsAuthor: boolean;
}

export type AdoptionCheck = { ok: true; forced: boolean } | { ok: false; code: 'not_found' | 'conflict' | 'forbidden'; message: string };

/** C28: whether a proposal may be adopted now, and why not. */
export function checkAdoption(request: AdoptionRequest): AdoptionCheck {
  if (request.state !== 'open')
    return { ok: false, code: 'conflict', message: `this proposal is ${request.state}; only open proposals can be adopted` };
  if (request.currentFingerprint === undefined)
    return { ok: false, code: 'not_found', message: 'the paragraph this proposal is for no longer exists' };
  if (isProposalOutdated(request.base, request.currentFingerprint)) {
    return {
      ok: false,
      code: 'conflict',
      message: 'the paragraph changed after this proposal was written; rebase it on the current text first',
    };
  }
  if (request.consensus.meetsRule) return { ok: true, forced: false };
  if (!request.force)
    return { ok: false, code: 'conflict', message: `this proposal does not meet the document's rule yet (${request.consensus.status})` };
  if (!request.callerIsAuthor)
    return { ok: false, code: 'forbidden', message: 'only the author can adopt a proposal that does not meet the rule' };
  return { ok: true, forced: true };
}

/** C30: closed and adopted proposals take no more votes, revisions, adoption or closing. */
export function proposalIsOpen(state: ProposalState): boolean {
  return state === 'open';
}

/**
 * C31: how many agreements an edit to this block would set aside (C7): the
 * current agree votes on its text. The editor warns before the first keystroke
 * when this is above zero and offers to suggest instead.
 */
export function agreementsSetAsideByEdit(consensus: Pick<BlockConsensus, 'current'> | undefined): number {
  if (!consensus) return 0;
  let n = 0;
  for (const vote of consensus.current) if (vote.stance === 'agree') n++;
  return n;
}
