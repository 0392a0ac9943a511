/** Everything the block popover shows, from the store's votes and the current view. */
import type { BlockConsensus, BlockNodeType } from '@concord/shared';
import type { ConsensusSnapshot, ConsensusStore, Person } from './consensus-store';
import { myStance, type MyStance } from './review';
import type { VoteRecord } from './vote-book';

export interface BlockDetail {
  blockId: string;
  kind: BlockNodeType;
  text: string;
  fingerprint: string;
  consensus: BlockConsensus;
  needed: number;
  /** Current votes on this exact wording, oldest first. */
  agreed: VoteRecord[];
  disputed: VoteRecord[];
  /** Commissioners whose vote is on older wording. */
  stale: VoteRecord[];
  /** Commissioners who never voted on this block. */
  notVoted: Person[];
  /** Votes by people who are no longer commissioners (kept, not counted: C15). */
  notCounted: VoteRecord[];
  mine: VoteRecord | null;
  myStance: MyStance;
  /** Reasons, times and voted words: fetched when the popover opens (the document opens without them). */
  details: 'ready' | 'loading' | 'failed';
}

export function blockDetail(store: ConsensusStore, snapshot: ConsensusSnapshot, blockId: string): BlockDetail | null {
  const entry = snapshot.view?.byId.get(blockId);
  if (!entry) return null;
  const { block, consensus } = entry;
  const commissioners = new Set(snapshot.commissioners.map((c) => c.userId));
  const detail: BlockDetail = {
    blockId,
    kind: block.kind,
    text: block.text,
    fingerprint: block.fingerprint,
    consensus,
    needed: snapshot.needed,
    agreed: [],
    disputed: [],
    stale: [],
    notVoted: [],
    notCounted: [],
    mine: (snapshot.me && store.book.recordOf(blockId, snapshot.me)) || null,
    myStance: myStance(consensus, snapshot.me, snapshot.isCommissioner),
    details: store.detailsOf(blockId),
  };
  for (const record of store.book.recordsFor(blockId)) {
    if (!commissioners.has(record.userId)) detail.notCounted.push(record);
    else if (record.fingerprint !== block.fingerprint) detail.stale.push(record);
    else (record.stance === 'agree' ? detail.agreed : detail.disputed).push(record);
  }
  for (const person of snapshot.commissioners) if (!store.book.recordOf(blockId, person.userId)) detail.notVoted.push(person);
  // Oldest first once the times are here; until then in the order the votes came.
  for (const list of [detail.agreed, detail.disputed, detail.stale, detail.notCounted])
    list.sort((a, b) => (a.detail?.at ?? 0) - (b.detail?.at ?? 0));
  return detail;
}
