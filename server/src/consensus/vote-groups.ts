/**
 * Votes grouped per block, twice: as the pure rules read them (`Vote`) and as
 * stored (for the JSON answer). The store hands out a fresh list after any vote
 * changes; regrouping it into fresh objects would make `ConsensusIndex` (which
 * reuses a block's status only for the very same vote objects) re-evaluate every
 * block of the report after one vote. So each unchanged vote keeps its object:
 * after one vote, one block is re-evaluated and re-serialised (issues 11, 21).
 */
import type { Vote } from '@concord/shared';
import type { StoredVote } from '../store/types.js';

export interface GroupedVotes {
  /** What the rules read, per block id. */
  rules: Map<string, Vote[]>;
  /** The stored votes, per block id, in the store's order. */
  stored: Map<string, StoredVote[]>;
}

interface Interned {
  source: StoredVote;
  vote: Vote;
}

export class VoteGroups {
  private interned = new Map<string, Interned>();
  private lastList: readonly StoredVote[] | undefined;
  private lastGroups: GroupedVotes | undefined;
  /** Votes turned into new rule objects by the last regrouping (tests count them). */
  rebuilt = 0;

  group(list: readonly StoredVote[]): GroupedVotes {
    // The store returns the same frozen list until a vote changes.
    if (list === this.lastList && this.lastGroups) return this.lastGroups;
    const next = new Map<string, Interned>();
    const groups: GroupedVotes = { rules: new Map(), stored: new Map() };
    this.rebuilt = 0;
    for (const source of list) {
      const key = `${source.blockId}\u0000${source.userId}`;
      const previous = this.interned.get(key);
      let vote: Vote;
      if (previous && sameVote(previous.source, source)) {
        vote = previous.vote;
      } else {
        vote = ruleVote(source);
        this.rebuilt++;
      }
      next.set(key, { source, vote });
      push(groups.rules, source.blockId, vote);
      push(groups.stored, source.blockId, source);
    }
    this.interned = next;
    this.lastList = list;
    this.lastGroups = groups;
    return groups;
  }
}

/** One vote as the rules read it. */
export function ruleVote(v: StoredVote): Vote {
  return {
    userId: v.userId,
    stance: v.stance,
    fingerprint: v.fingerprint,
    ...(v.reason ? { reason: v.reason } : {}),
    at: Date.parse(v.at),
  };
}

/** Everything a vote's rule object and its JSON are made of (the voted text follows from the fingerprint). */
function sameVote(a: StoredVote, b: StoredVote): boolean {
  return a.stance === b.stance && a.fingerprint === b.fingerprint && a.reason === b.reason && a.at === b.at && a.text === b.text;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
