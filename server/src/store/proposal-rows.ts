/** Proposals and their votes as both SQL backends store them (same columns; `forced` is an integer in SQLite, a boolean in PostgreSQL), and the one mapping to the store's shape. */
import type { StoredProposal, StoredProposalVote } from './proposal-types.js';

export interface ProposalRow {
  id: string;
  doc_id: string;
  block_id: string;
  author_id: string;
  content: string;
  text: string;
  fingerprint: string;
  rationale: string | null;
  base: string;
  base_text: string;
  revision: number;
  state: StoredProposal['state'];
  closed_as: StoredProposal['closedAs'];
  forced: number | boolean;
  created_at: string;
  updated_at: string;
  resolved_by: string | null;
  resolved_at: string | null;
}
export interface VoteRow {
  proposal_id: string;
  doc_id: string;
  user_id: string;
  stance: StoredProposalVote['stance'];
  reason: string | null;
  revision: number;
  at: string;
}

export const toProposal = (r: ProposalRow): StoredProposal => ({
  id: r.id,
  docId: r.doc_id,
  blockId: r.block_id,
  authorId: r.author_id,
  content: JSON.parse(r.content) as unknown,
  text: r.text,
  fingerprint: r.fingerprint,
  rationale: r.rationale,
  base: r.base,
  baseText: r.base_text,
  revision: r.revision,
  state: r.state,
  closedAs: r.closed_as,
  forced: r.forced === 1 || r.forced === true,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  resolvedBy: r.resolved_by,
  resolvedAt: r.resolved_at,
});
export const toVote = (r: VoteRow): StoredProposalVote => ({
  docId: r.doc_id,
  proposalId: r.proposal_id,
  userId: r.user_id,
  stance: r.stance,
  reason: r.reason,
  revision: r.revision,
  at: r.at,
});
