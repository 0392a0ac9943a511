/**
 * A block's status, derived — never stored — from its current fingerprint, the
 * commissioners, their votes and the rule (C6–C15). Pure and cheap: the server
 * runs it for every block of a 1,500-block document.
 */
import type { ConsensusRule } from './rules.js';

export type Stance = 'agree' | 'dispute';

export interface Vote {
  userId: string;
  stance: Stance;
  /** Fingerprint of the block text the vote was cast on. */
  fingerprint: string;
  reason?: string;
  /** When the vote was cast, ms since the epoch; the later vote of a person wins. */
  at: number;
}

export type BlockStatus = 'unreviewed' | 'in_review' | 'disputed' | 'agreed';

/** Shared between successive views by the incremental index: read, never modify. */
export interface BlockConsensus {
  status: BlockStatus;
  /** Some commissioner voted on older text and has not voted on this text. */
  stale: boolean;
  agree: number;
  dispute: number;
  /** How many commissioners have only stale votes. */
  staleVotes: number;
  /** Commissioners with no current vote, in commissioner order. */
  pending: readonly string[];
  /** The counted vote of each commissioner who has one, in commissioner order. */
  current: readonly Vote[];
  /** Commissioners whose votes are all on older text. */
  staleVoters: readonly string[];
  /**
   * Of those, the ones whose latest vote was a dispute (C39): the block was
   * disputed on an earlier wording and they have not voted on this one yet.
   */
  staleDisputers: readonly string[];
}

export interface BlockStatusInput {
  fingerprint: string;
  /** User ids of the document's commissioners now; duplicates are ignored. */
  commissioners: readonly string[];
  /** Every vote recorded on the block, any order, old ones included. */
  votes: readonly Vote[];
  rule: ConsensusRule;
}

export function blockStatus(input: BlockStatusInput): BlockConsensus {
  return blockStatusFor(input.fingerprint, indexCommissioners(input.commissioners), input.votes, input.rule);
}

/** The commissioners, de-duplicated in first-seen order, with each one's position. */
export interface CommissionerIndex {
  readonly ids: readonly string[];
  readonly position: ReadonlyMap<string, number>;
}

export function indexCommissioners(commissioners: readonly string[]): CommissionerIndex {
  const position = new Map<string, number>();
  for (const id of commissioners) if (!position.has(id)) position.set(id, position.size);
  return { ids: [...position.keys()], position };
}

// Scratch space reused across calls: this runs for every block of every
// document, and nothing in it can re-enter.
const slotVote: (Vote | undefined)[] = [];
const slotOtherText: boolean[] = [];
/** Each person's latest vote on other text (C39). */
const slotOtherLatest: (Vote | undefined)[] = [];

/** `blockStatus` with the commissioners indexed once per document instead of once per block. */
export function blockStatusFor(
  fingerprint: string,
  commission: CommissionerIndex,
  votes: readonly Vote[],
  rule: ConsensusRule,
): BlockConsensus {
  const { ids, position } = commission;
  for (let i = 0; i < ids.length; i++) {
    slotVote[i] = undefined;
    slotOtherText[i] = false;
    slotOtherLatest[i] = undefined;
  }
  // Per person: their latest vote on this exact text, and whether they voted on other text.
  // Matching on text, not on recency, is what lets an undo bring old votes back (C8).
  for (const vote of votes) {
    const slot = position.get(vote.userId);
    if (slot === undefined) continue; // removed members' votes stay in history only (C15)
    if (vote.stance !== 'agree' && vote.stance !== 'dispute') continue; // unchecked input counts for nothing
    if (vote.fingerprint !== fingerprint) {
      slotOtherText[slot] = true;
      const latest = slotOtherLatest[slot];
      if (!latest || vote.at >= latest.at) slotOtherLatest[slot] = vote;
      continue;
    }
    const seen = slotVote[slot];
    if (!seen || vote.at >= seen.at) slotVote[slot] = vote;
  }

  const current: Vote[] = [];
  const pending: string[] = [];
  const staleVoters: string[] = [];
  const staleDisputers: string[] = [];
  let agree = 0;
  let dispute = 0;
  for (let i = 0; i < ids.length; i++) {
    const vote = slotVote[i];
    if (vote) {
      current.push(vote);
      if (vote.stance === 'agree') agree++;
      else dispute++;
    } else {
      pending.push(ids[i]!);
      if (slotOtherText[i]) staleVoters.push(ids[i]!);
      if (slotOtherLatest[i]?.stance === 'dispute') staleDisputers.push(ids[i]!);
    }
    slotVote[i] = undefined; // do not keep votes alive from module scope
    slotOtherLatest[i] = undefined;
  }

  return {
    status: decideStatus(rule, ids.length, agree, dispute),
    stale: staleVoters.length > 0,
    agree,
    dispute,
    staleVotes: staleVoters.length,
    pending,
    current,
    staleVoters,
    staleDisputers,
  };
}

/** The rule table of C9 and C10, on counts of current votes by current commissioners. */
export function decideStatus(rule: ConsensusRule, commissioners: number, agree: number, dispute: number): BlockStatus {
  if (rule.kind === 'unanimous') {
    if (dispute > 0) return 'disputed';
    // Zero commissioners can never agree: fail closed, publish nothing (C12).
    if (commissioners > 0 && agree === commissioners) return 'agreed';
  } else {
    if (dispute > rule.maxDispute) return 'disputed';
    // At least one agree, whatever the rule says: unread text is never "agreed".
    if (agree >= Math.max(1, rule.minAgree)) return 'agreed';
  }
  return agree + dispute === 0 ? 'unreviewed' : 'in_review';
}
