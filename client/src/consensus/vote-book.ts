/**
 * Every vote the server holds for one document, kept in memory: one per
 * (block, person) — the server keeps only each person's latest — with what the
 * interface shows (name, reason, when, the text voted on) beside the `Vote` the
 * pure rules read. A change replaces that block's vote array and nothing else,
 * so the incremental `ConsensusIndex` re-evaluates only that block (C23).
 */
import type { Vote } from '@concord/shared';
import type { VoteJson } from '../api/consensus';

export interface VoteRecord {
  userId: string;
  name: string;
  stance: Vote['stance'];
  reason: string | null;
  /** ms since the epoch. */
  at: number;
  fingerprint: string;
  votedText: string;
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
    reason: json.reason ?? null,
    at: vote.at,
    fingerprint: json.fingerprint,
    votedText: json.votedText ?? '',
    vote,
  };
}

const NO_RECORDS: readonly VoteRecord[] = Object.freeze([]);

export class VoteBook {
  private readonly records = new Map<string, Map<string, VoteRecord>>();
  /** What the rules read: block id → votes, one array per block, replaced on change. */
  readonly votesByBlock = new Map<string, readonly Vote[]>();

  reset(blocks: Iterable<[blockId: string, votes: readonly VoteJson[]]>): void {
    this.records.clear();
    this.votesByBlock.clear();
    for (const [blockId, votes] of blocks) for (const v of votes) this.set(blockId, v.userId, recordFromJson(v));
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
  return a.stance === b.stance && a.fingerprint === b.fingerprint && a.at === b.at && a.reason === b.reason && a.name === b.name;
}
