/** The audit entries votes leave behind, the same for every store backend. */
import type { AuditEntry, StoredVote, VoteBatch } from './types.js';

type NewEntry = Omit<AuditEntry, 'seq'>;

/** One vote; `batchSeq` points at the `vote.batch` entry when it was cast as part of a sign-off. */
export function voteAuditEntry(v: StoredVote, batchSeq?: number): NewEntry {
  return {
    docId: v.docId,
    at: v.at,
    actorId: v.userId,
    action: 'vote.cast',
    blockId: v.blockId,
    details: {
      stance: v.stance,
      reason: v.reason,
      fingerprint: v.fingerprint,
      text: v.text,
      ...(batchSeq !== undefined ? { batchSeq } : {}),
    },
  };
}

/** The sign-off itself: who, which section (if said), how many blocks, which. */
export function batchAuditEntry(votes: readonly StoredVote[], batch: VoteBatch): NewEntry {
  const stances = new Set(votes.map((v) => v.stance));
  return {
    docId: batch.docId,
    at: batch.at,
    actorId: batch.actorId,
    action: 'vote.batch',
    blockId: batch.sectionId,
    details: {
      count: votes.length,
      sectionId: batch.sectionId,
      stance: stances.size === 1 ? [...stances][0] : 'mixed',
      blockIds: votes.map((v) => v.blockId),
    },
  };
}
