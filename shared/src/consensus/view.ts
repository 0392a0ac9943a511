/**
 * The consensus view of a whole document: every block with its status, the
 * section roll-up and the orphaned votes. `computeConsensus` builds it from
 * scratch with no cache (export, one-off checks); `ConsensusIndex` keeps one
 * up to date incrementally. Both go through `assembleView`, so they cannot drift.
 */
import { extractBlocks, type DocBlock } from './blocks.js';
import type { FingerprintOptions } from './fingerprint.js';
import type { DocSource } from './node-reader.js';
import { rollupConsensus, type ConsensusRollup } from './rollup.js';
import type { ConsensusRule } from './rules.js';
import { blockStatusFor, indexCommissioners, type BlockConsensus, type CommissionerIndex, type Vote } from './status.js';

/** Every vote recorded per block id (old ones included). */
export type VotesByBlock = ReadonlyMap<string, readonly Vote[]> | Readonly<Record<string, readonly Vote[]>>;

export interface ConsensusEntry {
  block: DocBlock;
  consensus: BlockConsensus;
}

export interface ConsensusView {
  /** One entry per block, in document order. */
  entries: ConsensusEntry[];
  /** Entries by block id (the first, should an id ever be duplicated). */
  byId: ReadonlyMap<string, ConsensusEntry>;
  rollup: ConsensusRollup;
  /** Block ids that have votes but are not in the document: deleted or merged away (C18). */
  orphaned: string[];
}

const NO_VOTES: readonly Vote[] = Object.freeze([]);

export function computeConsensus(
  doc: DocSource,
  votesByBlock: VotesByBlock,
  commissioners: readonly string[],
  rule: ConsensusRule,
  options: FingerprintOptions = {},
): ConsensusView {
  const members = indexCommissioners(commissioners);
  return assembleView(extractBlocks(doc, options), votesByBlock, members, (block, votes) =>
    blockStatusFor(block.fingerprint, members, votes, rule),
  );
}

/** Pairs blocks with their statuses (however obtained) and adds the roll-up. */
export function assembleView(
  blocks: readonly DocBlock[],
  votesByBlock: VotesByBlock,
  members: CommissionerIndex,
  statusOf: (block: DocBlock, votes: readonly Vote[]) => BlockConsensus,
): ConsensusView {
  const entries: ConsensusEntry[] = [];
  const byId = new Map<string, ConsensusEntry>();
  for (const block of blocks) {
    // A block without an id cannot hold votes (C2).
    const votes = (block.id === null ? undefined : votesFor(votesByBlock, block.id)) ?? NO_VOTES;
    const entry: ConsensusEntry = { block, consensus: statusOf(block, votes) };
    entries.push(entry);
    if (block.id !== null && !byId.has(block.id)) byId.set(block.id, entry);
  }
  return {
    entries,
    byId,
    rollup: rollupConsensus(entries, members.ids),
    orphaned: orphanedIds(votesByBlock, byId),
  };
}

/**
 * Entries by block id, read through a map of positions that views of the same blocks share: a
 * view patched after an edit in place (ConsensusIndex) changes entries, not which block is where,
 * so it needs no map of its own. Iterating builds a plain map, once.
 */
export class EntriesById implements ReadonlyMap<string, ConsensusEntry> {
  private whole: Map<string, ConsensusEntry> | null = null;

  constructor(
    private readonly positions: ReadonlyMap<string, number>,
    private readonly list: readonly ConsensusEntry[],
  ) {}

  get(id: string): ConsensusEntry | undefined {
    const at = this.positions.get(id);
    return at === undefined ? undefined : this.list[at];
  }

  has(id: string): boolean {
    return this.positions.has(id);
  }

  get size(): number {
    return this.positions.size;
  }

  keys(): MapIterator<string> {
    return this.positions.keys();
  }

  values(): MapIterator<ConsensusEntry> {
    return this.asMap().values();
  }

  entries(): MapIterator<[string, ConsensusEntry]> {
    return this.asMap().entries();
  }

  [Symbol.iterator](): MapIterator<[string, ConsensusEntry]> {
    return this.asMap()[Symbol.iterator]();
  }

  forEach(callback: (value: ConsensusEntry, key: string, map: ReadonlyMap<string, ConsensusEntry>) => void, thisArg?: unknown): void {
    this.asMap().forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  /** As a plain map would serialise through a replacer that spreads maps: its entries. */
  toJSON(): [string, ConsensusEntry][] {
    return [...this.asMap().entries()];
  }

  private asMap(): Map<string, ConsensusEntry> {
    this.whole ??= new Map([...this.positions].map(([id, at]) => [id, this.list[at]!]));
    return this.whole;
  }
}

/** Each block id's position in `entries` (the first, should an id ever be duplicated). */
export function positionsOf(entries: readonly ConsensusEntry[]): Map<string, number> {
  const positions = new Map<string, number>();
  entries.forEach(({ block }, at) => {
    if (block.id !== null && !positions.has(block.id)) positions.set(block.id, at);
  });
  return positions;
}

export function votesFor(votesByBlock: VotesByBlock, id: string): readonly Vote[] | undefined {
  if (isVoteMap(votesByBlock)) return votesByBlock.get(id);
  const record = votesByBlock as Readonly<Record<string, readonly Vote[]>>;
  // Own keys only: an id such as "__proto__" must not reach Object.prototype.
  return Object.hasOwn(record, id) ? record[id] : undefined;
}

/** `instanceof Map` alone would narrow to Map<any, any>; this keeps the value types. */
function isVoteMap(votesByBlock: VotesByBlock): votesByBlock is ReadonlyMap<string, readonly Vote[]> {
  return votesByBlock instanceof Map;
}

function orphanedIds(votesByBlock: VotesByBlock, present: ReadonlyMap<string, unknown>): string[] {
  const ids = isVoteMap(votesByBlock) ? [...votesByBlock.keys()] : Object.keys(votesByBlock);
  return ids.filter((id) => !present.has(id) && (votesFor(votesByBlock, id)?.length ?? 0) > 0);
}
