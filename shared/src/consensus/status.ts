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

export interface BlockConsensus {
  status: BlockStatus;
  /** Some commissioner voted on older text and has not voted on this text. */
  stale: boolean;
  agree: number;
  dispute: number;
  /** How many commissioners have only stale votes. */
  staleVotes: number;
  /** Commissioners with no current vote, in commissioner order. */
  pending: string[];
  /** The counted vote of each commissioner who has one, in commissioner order. */
  current: Vote[];
  /** Commissioners whose votes are all on older text. */
  staleVoters: string[];
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
  const members = commissionerSet(input.commissioners);
  return blockStatusFor(input.fingerprint, members, input.votes, input.rule);
}

/** Commissioners de-duplicated, in first-seen order (a Set iterates in insertion order). */
export function commissionerSet(commissioners: readonly string[]): ReadonlySet<string> {
  return new Set(commissioners);
}

/** `blockStatus` with the commissioner set built once per document instead of once per block. */
export function blockStatusFor(
  fingerprint: string,
  commissioners: ReadonlySet<string>,
  votes: readonly Vote[],
  rule: ConsensusRule,
): BlockConsensus {
  // Per person: their latest vote on this exact text, and whether they voted at all.
  // Matching on text, not on recency, is what lets an undo bring old votes back (C8).
  const currentByUser = new Map<string, Vote>();
  const votedOnOtherText = new Set<string>();
  for (const vote of votes) {
    if (!commissioners.has(vote.userId)) continue; // removed members' votes stay in history only (C15)
    if (vote.fingerprint !== fingerprint) {
      votedOnOtherText.add(vote.userId);
      continue;
    }
    const seen = currentByUser.get(vote.userId);
    if (!seen || vote.at >= seen.at) currentByUser.set(vote.userId, vote);
  }

  const current: Vote[] = [];
  const pending: string[] = [];
  const staleVoters: string[] = [];
  let agree = 0;
  let dispute = 0;
  for (const userId of commissioners) {
    const vote = currentByUser.get(userId);
    if (vote) {
      current.push(vote);
      if (vote.stance === 'agree') agree++;
      else dispute++;
    } else {
      pending.push(userId);
      if (votedOnOtherText.has(userId)) staleVoters.push(userId);
    }
  }

  return {
    status: decideStatus(rule, commissioners.size, agree, dispute),
    stale: staleVoters.length > 0,
    agree,
    dispute,
    staleVotes: staleVoters.length,
    pending,
    current,
    staleVoters,
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
