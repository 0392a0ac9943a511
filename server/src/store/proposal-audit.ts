/**
 * The audit entries proposals leave behind: built here, once, for every store
 * backend (as vote-audit.ts does for votes); each store writes them in the same
 * transaction as the change they record.
 */
import type { NewAuditEntry, StoredVote } from './types.js';
import type { ProposalAdoption, ProposalClosedAs, ProposalRevision, StoredProposal, StoredProposalVote } from './proposal-types.js';
import { voteAuditEntry } from './vote-audit.js';

export function proposalCreatedEntry(p: StoredProposal): NewAuditEntry {
  return {
    docId: p.docId,
    at: p.createdAt,
    actorId: p.authorId,
    action: 'proposal.created',
    blockId: p.blockId,
    details: { proposalId: p.id, text: p.text, base: p.base, rationale: p.rationale },
  };
}

/** `revised` is the proposal after the change (its new revision number). */
export function proposalRevisedEntry(revised: StoredProposal, r: ProposalRevision, actorId: string, at: string): NewAuditEntry {
  return {
    docId: revised.docId,
    at,
    actorId,
    action: 'proposal.revised',
    blockId: revised.blockId,
    details: { proposalId: revised.id, revision: revised.revision, text: r.text, base: r.base, rationale: r.rationale },
  };
}

export function proposalVotedEntry(v: StoredProposalVote, blockId: string): NewAuditEntry {
  return {
    docId: v.docId,
    at: v.at,
    actorId: v.userId,
    action: 'proposal.voted',
    blockId,
    details: { proposalId: v.proposalId, stance: v.stance, reason: v.reason, revision: v.revision },
  };
}

export function proposalVoteWithdrawnEntry(docId: string, proposalId: string, blockId: string, userId: string, at: string): NewAuditEntry {
  return { docId, at, actorId: userId, action: 'proposal.vote_withdrawn', blockId, details: { proposalId } };
}

export function proposalClosedEntry(p: StoredProposal, closedAs: ProposalClosedAs, actorId: string, at: string): NewAuditEntry {
  return {
    docId: p.docId,
    at,
    actorId,
    action: closedAs === 'withdrawn' ? 'proposal.withdrawn' : 'proposal.rejected',
    blockId: p.blockId,
    details: { proposalId: p.id },
  };
}

/** The adoption itself; `adopted` is the proposal as stored after it. */
export function proposalAdoptedEntry(a: ProposalAdoption, adopted: StoredProposal): NewAuditEntry {
  return {
    docId: a.docId,
    at: a.at,
    actorId: a.actorId,
    action: 'proposal.adopted',
    blockId: adopted.blockId,
    details: {
      proposalId: adopted.id,
      revision: adopted.revision,
      forced: a.forced,
      previousText: a.previousText,
      text: adopted.text,
      fingerprint: adopted.fingerprint,
    },
  };
}

/** A supporter's vote recorded on the block's new text by an adoption (C27). */
export function adoptionVoteEntry(v: StoredVote, proposalId: string): NewAuditEntry {
  const entry = voteAuditEntry(v);
  return { ...entry, details: { ...entry.details, viaProposal: proposalId } };
}
