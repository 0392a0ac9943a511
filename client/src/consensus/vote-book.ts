/**
 * Every vote the server holds for one document, kept in memory: one per
 * (block, person) — the server keeps only each person's latest — with what the
 * interface shows beside the `Vote` the pure rules read. A change replaces that
 * block's vote array and nothing else, so the incremental `ConsensusIndex`
 * re-evaluates only that block (C23).
 *
 * The document opens with the votes in compact form (who, which stance, on
 * which wording: GET …/consensus/summary), which is all the rules need; what a
 * person reads about a vote — its reason, its time, the words it was cast on —
 * is fetched per block when its popover opens (`fillDetails`), or comes with
 * the vote itself when it is cast while the document is open.
 */
import type { Vote } from '@concord/shared';
import type { VoteJson } from '../api/consensus';

/** What the compact form leaves out. */
interface VoteDetail {
  reason: string | null;
  /** ms since the epoch. */
  at: number;
  /** The block's words when the vote was cast. */
  votedText: string;
}

export interface VoteRecord {
  userId: string;
  name: string;
  stance: Vote['stance'];
  fingerprint: string;
  /** Null until this block's votes are fetched in full (ConsensusStore.loadDetails). */
  detail: VoteDetail | null;
  /** The immutable value handed to the rules. */
  vote: Vote;
}

export function recordFromJson(json: VoteJson): VoteRecord {
  const at = Date.parse(json.at);
  const vote: Vote = Object.freeze({
    userId: json.userId,
    stance: json.stance,
    fingerprint: json.fingerprint,
    at: Number.isFinite(at) ? at : 0,
    ...(json.reason ? { reason: json.reason } : {}),
  });
  return {
    userId: json.userId,
    name: json.name ?? '',
    stance: json.stance,
    fingerprint: json.fingerprint,
    detail: detailOf(json, vote.at),
    vote,
  };
}

/**
 * A vote as the compact form gives it. Its time is unknown, and the rules do not need it: they
 * compare the times of one person's votes on one block, and the server keeps one per person.
 */
export function recordFromSummary(userId: string, name: string, stance: Vote['stance'], fingerprint: string): VoteRecord {
  return { userId, name, stance, fingerprint, detail: null, vote: Object.freeze({ userId, stance, fingerprint, at: 0 }) };
}

function detailOf(json: VoteJson, at: number): VoteDetail {
  return { reason: json.reason ?? null, at, votedText: json.votedText ?? '' };
}

const NO_RECORDS: readonly VoteRecord[] = Object.freeze([]);

export class VoteBook {
  private readonly records = new Map<string, Map<string, VoteRecord>>();
  /** What the rules read: block id → votes, one array per block, replaced on change. */
  readonly votesByBlock = new Map<string, readonly Vote[]>();

  reset(blocks: Iterable<[blockId: string, records: Iterable<VoteRecord>]>): void {
    this.records.clear();
    this.votesByBlock.clear();
    for (const [blockId, records] of blocks) for (const record of records) this.set(blockId, record.userId, record);
  }

  /** Records (or, with null, removes) a person's vote on a block. Returns whether anything changed. */
  set(blockId: string, userId: string, record: VoteRecord | null): boolean {
    let byUser = this.records.get(blockId);
    const previous = byUser?.get(userId);
    if (!record) {
      if (!previous) return false;
      byUser!.delete(userId);
    } else {
      if (previous && sameRecord(previous, record)) return false;
      if (!byUser) this.records.set(blockId, (byUser = new Map<string, VoteRecord>()));
      byUser.set(userId, record);
    }
    if (byUser!.size === 0) {
      this.records.delete(blockId);
      this.votesByBlock.delete(blockId);
    } else {
      this.votesByBlock.set(blockId, Object.freeze([...byUser!.values()].map((r) => r.vote)));
    }
    return true;
  }

  /** Some vote on the block is known only in compact form. */
  lacksDetails(blockId: string): boolean {
    for (const record of this.records.get(blockId)?.values() ?? []) if (!record.detail) return true;
    return false;
  }

  /**
   * Completes the compact votes of a block from its full votes (GET …/blocks/:blockId/votes).
   * Only a vote still the same (stance and wording) takes the detail; the rules' objects stay as
   * they are, so no status is recomputed. Returns whether anything was completed.
   */
  fillDetails(blockId: string, votes: readonly VoteJson[]): boolean {
    const byUser = this.records.get(blockId);
    let filled = false;
    for (const json of votes) {
      const record = byUser?.get(json.userId);
      if (!record || record.detail || record.stance !== json.stance || record.fingerprint !== json.fingerprint) continue;
      const at = Date.parse(json.at);
      byUser!.set(json.userId, { ...record, name: json.name, detail: detailOf(json, Number.isFinite(at) ? at : 0) });
      filled = true;
    }
    return filled;
  }

  /** Everyone's vote on a block, in no particular order. */
  recordsFor(blockId: string): readonly VoteRecord[] {
    const byUser = this.records.get(blockId);
    return byUser ? [...byUser.values()] : NO_RECORDS;
  }

  recordOf(blockId: string, userId: string): VoteRecord | undefined {
    return this.records.get(blockId)?.get(userId);
  }
}

function sameRecord(a: VoteRecord, b: VoteRecord): boolean {
  return a.stance === b.stance && a.fingerprint === b.fingerprint && a.name === b.name && sameDetail(a.detail, b.detail);
}

function sameDetail(a: VoteDetail | null, b: VoteDetail | null): boolean {
  if (!a || !b) return a === b;
  return a.at === b.at && a.reason === b.reason && a.votedText === b.votedText;
}
