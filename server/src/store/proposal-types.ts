/**
 * Storage of proposals (issue 16; rules C25–C31 in docs/CONSENSUS.md). Proposals
 * and their votes are server-authoritative: they live here, never in the shared
 * Y.Doc. Every write appends to the document's audit log in the same transaction.
 */
import type { StoredVote } from './vote-types.js';

export type ProposalState = 'open' | 'adopted' | 'closed';
export type ProposalClosedAs = 'withdrawn' | 'rejected';

export interface StoredProposal {
  id: string;
  docId: string;
  blockId: string;
  /** Who proposed it. */
  authorId: string;
  /** The proposed block as ProseMirror JSON of one node, already checked (C25). */
  content: unknown;
  /** Its plain text and fingerprint. */
  text: string;
  fingerprint: string;
  rationale: string | null;
  /** Fingerprint and text of the block it was written against (C29). */
  base: string;
  baseText: string;
  /** Starts at 1; each revision (rebase) resets support (C29). */
  revision: number;
  state: ProposalState;
  closedAs: ProposalClosedAs | null;
  /** Adopted although it did not meet the rule (the author's explicit choice, C28). */
  forced: boolean;
  createdAt: string;
  updatedAt: string;
  /** Who adopted, withdrew or rejected it, and when. */
  resolvedBy: string | null;
  resolvedAt: string | null;
}

export interface StoredProposalVote {
  docId: string;
  proposalId: string;
  userId: string;
  stance: 'support' | 'object';
  reason: string | null;
  revision: number;
  at: string;
}

export interface ProposalRevision {
  content: unknown;
  text: string;
  fingerprint: string;
  rationale: string | null;
  base: string;
  baseText: string;
}

export interface ProposalAdoption {
  docId: string;
  proposalId: string;
  /** Adoption is refused (undefined) unless the proposal is still open at this revision. */
  revision: number;
  actorId: string;
  at: string;
  forced: boolean;
  /** Votes recorded on the block's new text (C27), replacing each voter's vote on the block. */
  blockVotes: StoredVote[];
  /** The block's text before, for the audit log. */
  previousText: string;
}

export interface ProposalStore {
  /** Stores a new open proposal and audits it. StoreError not_found for an unknown document. */
  create(proposal: StoredProposal): Promise<void>;
  get(docId: string, proposalId: string): Promise<StoredProposal | undefined>;
  /** The document's proposals, oldest first, optionally only in one state or on one block. */
  list(docId: string, filter?: { state?: ProposalState; blockId?: string }): Promise<StoredProposal[]>;
  /** Every vote on the document's proposals, every revision (history included). */
  listVotes(docId: string): Promise<StoredProposalVote[]>;
  /** New content at the next revision; undefined unless open. */
  revise(docId: string, proposalId: string, revision: ProposalRevision, actorId: string, at: string): Promise<StoredProposal | undefined>;
  /** Records (or replaces) a vote on the given revision; false unless the proposal is open at that revision. */
  putVote(vote: StoredProposalVote): Promise<boolean>;
  /** Removes the user's vote on the proposal's current revision; false if there was none (or it is not open). */
  withdrawVote(docId: string, proposalId: string, userId: string, at: string): Promise<boolean>;
  /** Withdraws or rejects; undefined unless open. */
  close(docId: string, proposalId: string, closedAs: ProposalClosedAs, actorId: string, at: string): Promise<StoredProposal | undefined>;
  /** Marks adopted and records the block votes, atomically; undefined unless open at that revision. */
  adopt(adoption: ProposalAdoption): Promise<StoredProposal | undefined>;
}
