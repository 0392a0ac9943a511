/**
 * What the server answers about consensus, threads, proposals and synthesis
 * (docs/PROTOCOL.md). Declared once, here: the server builds these shapes and is
 * checked against them; the browser reads them.
 */
import type { BlockNodeType } from '../schema/index.js';
import type { BlockStatus } from '../consensus/status.js';
import type { ConsensusRule } from '../consensus/rules.js';
import type { CoverageRow, SectionRollup, StatusCounts } from '../consensus/rollup.js';
import type { WordDiffPart } from '../consensus/word-diff.js';
import type { ProposalStance } from '../consensus/proposals.js';
import type { Person, VoteJson } from '../protocol/events.js';

export interface CommentJson {
  id: string;
  author: Person;
  /** Plain text; '' when deleted. Render as text, never as HTML. */
  text: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  /** Members the comment mentions (they were notified), its author left out. */
  mentioned: Person[];
}

export interface ThreadJson {
  id: string;
  blockId: string;
  /** The stretch of the block quoted when the thread was started. */
  quote: string | null;
  /** The block's whole text when the thread was started. */
  anchorText: string;
  /** The block is no longer in the document. */
  detached: boolean;
  status: 'open' | 'resolved';
  createdBy: Person;
  createdAt: string;
  resolvedBy: Person | null;
  resolvedAt: string | null;
  /** Oldest first; the first is the thread's opening comment. */
  comments: CommentJson[];
}

export type ProposalStatus = 'open' | 'adopted' | 'closed';

/** A proposal as GET /api/docs/:id/proposals/:pid returns it. */
export interface ProposalJson {
  id: string;
  docId: string;
  blockId: string;
  authorId: string;
  /** '(former member)' when the account is gone. */
  authorName: string;
  authorColor: string | null;
  /** The proposed block as ProseMirror JSON of one node. */
  content: unknown;
  text: string;
  fingerprint: string;
  rationale: string | null;
  base: string;
  baseText: string;
  revision: number;
  status: ProposalStatus;
  closedAs: 'withdrawn' | 'rejected' | null;
  forced: boolean;
  createdAt: string;
  updatedAt: string;
  resolvedBy: string | null;
  resolvedByName: string | null;
  resolvedAt: string | null;
  /** Tracked changes: from the text it was written against to the proposed text. */
  changes: WordDiffPart[];
  outdated: boolean;
  blockExists: boolean;
  currentText: string | null;
  /** Outdated: what changed in the block since the proposal was written. */
  diff?: WordDiffPart[];
  consensus: {
    status: BlockStatus;
    meetsRule: boolean;
    support: number;
    object: number;
    supporters: Person[];
    objectors: (Person & { reason: string | null })[];
    pending: string[];
  };
  votes: {
    userId: string;
    name: string;
    stance: ProposalStance;
    reason: string | null;
    revision: number;
    at: string;
    counted: boolean;
  }[];
}

/** The short form of an open proposal, per block in the consensus view. */
export type ProposalSummaryJson = Pick<
  ProposalJson,
  'id' | 'authorId' | 'authorName' | 'text' | 'rationale' | 'revision' | 'status' | 'outdated' | 'changes'
> & { consensus: Pick<ProposalJson['consensus'], 'status' | 'meetsRule' | 'support' | 'object'> };

/**
 * A vote in the consensus view: on this exact text or not (`stale`, with the diff), counted or not.
 * `votedText` is sent only for a stale vote: a current vote was cast on the block's `text`, which
 * the same answer carries (on a reviewed 150-page report the repeats were half of 15 MB, issue 11).
 */
export interface ConsensusVoteJson extends Omit<VoteJson, 'votedText'> {
  votedText?: string;
  stale: boolean;
  /** Cast by someone who is a commissioner now. */
  counted: boolean;
  diff?: WordDiffPart[];
}

export interface ConsensusBlockJson {
  id: string | null;
  kind: BlockNodeType;
  level: number | null;
  text: string;
  fingerprint: string;
  sectionId: string | null;
  path: readonly string[];
  status: BlockStatus;
  stale: boolean;
  agree: number;
  dispute: number;
  /** Commissioners (user ids) with no current vote on this text. */
  pending: readonly string[];
  votes: ConsensusVoteJson[];
  proposals: ProposalSummaryJson[];
}

/** GET /api/docs/:id/consensus. */
export interface ConsensusJson {
  rule: ConsensusRule;
  ruleText: string;
  commissioners: Person[];
  blocks: ConsensusBlockJson[];
  sections: SectionRollup[];
  totals: StatusCounts;
  coverage: CoverageRow[];
  /** Ids of voted-on blocks that are no longer in the document. */
  orphaned: string[];
}

/**
 * One block's votes in the compact form: grouped by the wording (fingerprint) they were cast on,
 * each voter by position in `ConsensusSummaryJson.voters`.
 */
export interface SummaryVoteGroupJson {
  fingerprint: string;
  agree: number[];
  dispute: number[];
}

/**
 * GET /api/docs/:id/consensus/summary: every vote as the consensus rules read it (who, which
 * stance, on which wording) and nothing else, enough for a client to compute every block's status
 * itself. What a person reads about one vote (reason, time, the words voted on) is per block:
 * GET /api/docs/:id/blocks/:blockId/votes.
 */
export interface ConsensusSummaryJson {
  rule: ConsensusRule;
  ruleText: string;
  commissioners: Person[];
  /** Everyone with a vote below, in first-vote order; votes name them by position. */
  voters: Person[];
  /** Blocks with at least one vote (deleted blocks' too), in the store's order. */
  blocks: { id: string; votes: SummaryVoteGroupJson[] }[];
}

/** GET /api/docs/:id/blocks/:blockId/votes: everyone's vote on one block, in full. */
export interface BlockVotesJson {
  votes: VoteJson[];
}

export interface RuleJson {
  rule: ConsensusRule;
  ruleText: string;
}

export interface SynthesisBlockJson {
  id: string;
  kind: BlockNodeType;
  level: number | null;
  text: string;
  fingerprint: string;
  path: readonly string[];
  status: BlockStatus;
  stale: boolean;
  /** Current disputes (on this exact text). */
  disputes: (Person & { reason: string; at: string })[];
  /** Commissioners who agree with this exact text. */
  agreedBy: Person[];
  /** Votes on older text, with what changed since (old → current). */
  staleVotes: (Person & { stance: 'agree' | 'dispute'; reason: string | null; at: string; votedText: string; diff: WordDiffPart[] })[];
  /** Commissioners who have never voted on this block. */
  notYetVoted: Person[];
  openThreads: ThreadJson[];
  /** Open proposals for the block: they might resolve it. */
  proposals: ProposalJson[];
}

export interface SynthesisSectionJson {
  key: string;
  headingId: string | null;
  title: string;
  level: number;
  blocks: SynthesisBlockJson[];
}

export interface SynthesisProgressJson {
  totalBlocks: number;
  agreed: number;
  /** What stands between the commission and a complete consensus report. */
  notAgreed: number;
  disputed: number;
  inReview: number;
  unreviewed: number;
  stale: number;
  shareAgreed: number;
  /** Blocks in `sections`. */
  listed: number;
  /** Blocks in `waiting`: not agreed, nothing to rewrite, waiting for votes. `agreed + listed + waiting` covers every block, except agreed blocks listed for an open proposal. */
  waiting: number;
}

/** A block that only waits for votes (in review or not yet reviewed, not stale, no proposal). */
export interface SynthesisWaitingBlockJson {
  id: string;
  kind: BlockNodeType;
  /** The start of its text. */
  excerpt: string;
  status: 'in_review' | 'unreviewed';
  /** How many commissioners have not voted on it. */
  notYetVoted: number;
}

export interface SynthesisWaitingSectionJson {
  key: string;
  headingId: string | null;
  title: string;
  level: number;
  blocks: SynthesisWaitingBlockJson[];
}

/** GET /api/docs/:id/synthesis (author only). */
export interface SynthesisJson {
  progress: SynthesisProgressJson;
  rule: ConsensusRule;
  ruleText: string;
  commissioners: Person[];
  sections: SynthesisSectionJson[];
  /** Every other block not yet agreed, by section in document order. */
  waiting: SynthesisWaitingSectionJson[];
  detachedThreads: ThreadJson[];
}

/** PUT /api/docs/:id/blocks/:blockId/vote. */
export interface VoteResultJson {
  vote: VoteJson;
}

/** POST /api/docs/:id/votes (a sign-off). */
export interface VotesResultJson {
  votes: VoteJson[];
}

/** GET /api/docs/:id/threads. */
export interface ThreadsJson {
  threads: ThreadJson[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/** Every route that changes a thread answers with the thread as it is now. */
export interface OneThreadJson {
  thread: ThreadJson;
}

/** GET /api/docs/:id/proposals. */
export interface ProposalsJson {
  proposals: ProposalJson[];
}

/** Every route that changes a proposal answers with it as it is now. */
export interface OneProposalJson {
  proposal: ProposalJson;
}

/** POST /api/docs/:id/blocks/:blockId/request-review: who was notified. */
export interface ReviewRequestedJson {
  notified: Person[];
}
