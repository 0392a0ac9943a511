/**
 * The audit log's entry types, in a file of their own so that a store's types file
 * (round-types.ts, …) can use them without importing types.ts, which imports it: no cycle.
 */
export type ProposalAuditAction =
  | 'proposal.created'
  | 'proposal.revised'
  | 'proposal.voted'
  | 'proposal.vote_withdrawn'
  | 'proposal.adopted'
  | 'proposal.withdrawn'
  | 'proposal.rejected';
export type VersionAuditAction = 'version.named' | 'version.restored';

export interface AuditEntry {
  seq: number;
  docId: string;
  at: string;
  actorId: string;
  action:
    | 'vote.cast'
    | 'vote.batch'
    | 'vote.withdrawn'
    | 'rule.changed'
    | 'member.added'
    | 'member.changed'
    | 'member.removed'
    | 'member.invited'
    | 'member.joined'
    | 'invitation.changed'
    | 'invitation.revoked'
    | 'doc.created'
    | 'doc.renamed'
    | 'doc.deleted'
    | 'email.changed'
    | 'comment.created'
    | 'comment.edited'
    | 'comment.deleted'
    | 'thread.resolved'
    | 'thread.reopened'
    | 'review.requested'
    | 'round.opened'
    | 'round.closed'
    | ProposalAuditAction
    | VersionAuditAction;
  blockId: string | null;
  /** Action-specific details (stance, reason, fingerprint, rule …). */
  details: Record<string, unknown>;
}

/** An audit entry before the log numbers it. Services build it; the store that makes the change writes it in the same transaction. */
export type NewAuditEntry = Omit<AuditEntry, 'seq'>;
