/**
 * How many paragraphs each filter of the consensus panel shows, and how many of the disputed ones
 * are disputed only on an earlier wording (C39). Counted over the whole view when it is assembled
 * whole; after an edit in place (someone typing), adjusted by the entries that changed, so a
 * view rebuilt while the commission types costs the edit, not the report.
 */
import type { BlockConsensus, ConsensusEntry, EntryChange } from '@concord/shared';
import { FILTERS, matchesFilter, myStance, type ConsensusFilter } from './review';

export interface FilterTally {
  counts: Readonly<Record<ConsensusFilter, number>>;
  earlier: number;
}

export const EMPTY_TALLY: FilterTally = Object.freeze({
  counts: Object.freeze({ all: 0, mine: 0, disputed: 0, stale: 0, agreed: 0 }),
  earlier: 0,
});

/** Whose filters: "needs my review" depends on who I am. */
interface Reader {
  me: string | null;
  isCommissioner: boolean;
}

export function tallyOf(entries: readonly { consensus: BlockConsensus }[], reader: Reader): FilterTally {
  const counts = { ...EMPTY_TALLY.counts };
  let earlier = 0;
  for (const { consensus } of entries) earlier += add(counts, consensus, reader, 1);
  return { counts, earlier };
}

/** The tally after `changes`, the same object when no count moved. */
export function patchTally(tally: FilterTally, changes: readonly EntryChange<ConsensusEntry>[], reader: Reader): FilterTally {
  const counts = { ...tally.counts };
  let earlier = tally.earlier;
  for (const { before, after } of changes) {
    earlier += add(counts, before.consensus, reader, -1);
    earlier += add(counts, after.consensus, reader, 1);
  }
  const same = earlier === tally.earlier && FILTERS.every((f) => counts[f.id] === tally.counts[f.id]);
  return same ? tally : { counts, earlier };
}

/** Counts one block in (or out of, `sign` -1) the filters it matches; returns its share of `earlier`. */
function add(counts: Record<ConsensusFilter, number>, consensus: BlockConsensus, reader: Reader, sign: 1 | -1): number {
  const mine = myStance(consensus, reader.me, reader.isCommissioner);
  for (const f of FILTERS) if (matchesFilter(f.id, consensus, mine)) counts[f.id] += sign;
  return consensus.status !== 'disputed' && consensus.staleDisputers.length > 0 ? sign : 0;
}
