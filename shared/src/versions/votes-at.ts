/**
 * The votes as they stood at a moment in the past, replayed from the document's
 * append-only audit log (issue 18). A version records the audit position it was
 * taken at; the votes that counted then are every `vote.cast` up to that
 * position, less the `vote.withdrawn` after them — exactly what the votes
 * table held at that moment (one current vote per person and block; proposal
 * adoptions and sign-offs write the same `vote.cast` entries).
 */
import type { Stance } from '../consensus/status.js';

/** The fields of an audit entry the replay reads (the server's AuditEntry has them). */
export interface VoteAuditRecord {
  seq: number;
  action: string;
  actorId: string;
  blockId: string | null;
  at: string;
  details: Record<string, unknown>;
}

export interface RecordedVote {
  blockId: string;
  userId: string;
  stance: Stance;
  reason: string | null;
  fingerprint: string;
  /** The block's text the vote was cast on. */
  text: string;
  at: string;
}

/** Replays entries (oldest first) up to and including `uptoSeq`; later entries are ignored. */
export function votesAt(entries: Iterable<VoteAuditRecord>, uptoSeq = Number.POSITIVE_INFINITY): RecordedVote[] {
  const votes = new Map<string, RecordedVote>();
  for (const e of entries) {
    if (e.seq > uptoSeq) break;
    if (e.blockId === null) continue;
    const key = `${e.blockId}\u0000${e.actorId}`;
    if (e.action === 'vote.withdrawn') votes.delete(key);
    else if (e.action === 'vote.cast') {
      const d = e.details;
      if ((d.stance !== 'agree' && d.stance !== 'dispute') || typeof d.fingerprint !== 'string') continue;
      // A replaced vote takes the new one's place, as the votes table's upsert does.
      votes.delete(key);
      votes.set(key, {
        blockId: e.blockId,
        userId: e.actorId,
        stance: d.stance,
        reason: typeof d.reason === 'string' ? d.reason : null,
        fingerprint: d.fingerprint,
        text: typeof d.text === 'string' ? d.text : '',
        at: e.at,
      });
    }
  }
  return [...votes.values()];
}
