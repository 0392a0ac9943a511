/** Votes and audit entries as both SQL backends store them (same columns), and the one mapping to the store's shape. */
import type { AuditEntry, StoredVote } from './types.js';

export interface VoteRow {
  doc_id: string;
  block_id: string;
  user_id: string;
  stance: 'agree' | 'dispute';
  reason: string | null;
  fingerprint: string;
  text: string;
  at: string;
}
export interface AuditRow {
  seq: number;
  doc_id: string;
  at: string;
  actor_id: string;
  action: AuditEntry['action'];
  block_id: string | null;
  details: string;
}

export const toVote = (r: VoteRow): StoredVote => ({
  docId: r.doc_id,
  blockId: r.block_id,
  userId: r.user_id,
  stance: r.stance,
  reason: r.reason,
  fingerprint: r.fingerprint,
  text: r.text,
  at: r.at,
});
export const toAudit = (r: AuditRow): AuditEntry => ({
  seq: r.seq,
  docId: r.doc_id,
  at: r.at,
  actorId: r.actor_id,
  action: r.action,
  blockId: r.block_id,
  details: JSON.parse(r.details) as Record<string, unknown>,
});
