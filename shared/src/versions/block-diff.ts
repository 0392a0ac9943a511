/**
 * Compare two states of a document block by block (issue 18): which blocks were
 * added, removed, moved or reworded — with a word-level diff inside reworded
 * ones — and whose agreement changed. Pure: the server compares two versions
 * (or a version with now) with it, the tests feed it seeded random documents.
 *
 * Blocks are matched by id (ids are stable across edits in Concord). "Moved" is
 * decided by a longest increasing subsequence over the shared blocks: the
 * largest set that kept its relative order stays put, every other shared block
 * moved — the smallest number of moves that explains the new order.
 */
import { wordDiff, type WordDiffPart } from '../consensus/word-diff.js';
import type { BlockStatus } from '../consensus/status.js';
import type { BlockNodeType } from '../schema/blocks.js';

/** One block of one side of a comparison, with its consensus status at that moment. */
export interface DiffBlock {
  id: string | null;
  kind: BlockNodeType;
  level: number | null;
  text: string;
  fingerprint: string;
  status: BlockStatus;
  stale: boolean;
}

/**
 * `agreement`: same words, same place, but the status (or staleness) is not what it was:
 * votes were cast or withdrawn, or commissioners came or went, between the two moments.
 */
export type BlockChangeKind = 'added' | 'removed' | 'changed' | 'moved' | 'agreement';

export interface BlockChange {
  change: BlockChangeKind;
  /** The block's id (null for a block that has none: it is matched by position only, never across sides). */
  id: string | null;
  before: DiffBlock | null;
  after: DiffBlock | null;
  /** A changed block also changed place (a moved block's text is the same). */
  moved: boolean;
  /** Word-level changes from before to after; only for `changed`. */
  words: WordDiffPart[] | null;
  /** The status or the staleness differs (a block that exists on one side only always counts). */
  agreementChanged: boolean;
}

export interface BlockDiffSummary {
  added: number;
  removed: number;
  changed: number;
  moved: number;
  /** Entries whose agreement changed, whatever else happened to them. */
  agreementChanged: number;
}

export interface BlockDiff {
  /** In the order of the later side, each removed block just after what preceded it on the earlier side. */
  changes: BlockChange[];
  summary: BlockDiffSummary;
}

export interface DiffOptions {
  /** Keep only blocks whose agreement changed ("only blocks whose agreement changed"). */
  onlyAgreementChanged?: boolean;
}

export function diffBlocks(from: readonly DiffBlock[], to: readonly DiffBlock[], options: DiffOptions = {}): BlockDiff {
  const fromIndex = indexById(from);
  const toIndex = indexById(to);
  // For each block of `to`, the index of its counterpart in `from` (or -1).
  const counterpart = to.map((b, i) => (b.id !== null && toIndex.get(b.id) === i ? (fromIndex.get(b.id) ?? -1) : -1));
  const stays = stayingPositions(counterpart);

  // Each removed block goes right after the staying block that preceded it on the earlier side.
  const matchedFrom = new Set<number>();
  for (const j of counterpart) if (j >= 0) matchedFrom.add(j);
  const stayingFrom = new Set<number>();
  for (const i of stays) stayingFrom.add(counterpart[i]!);
  const removedAfter = new Map<number, DiffBlock[]>();
  let anchor = -1;
  from.forEach((b, j) => {
    if (stayingFrom.has(j)) anchor = j;
    else if (!matchedFrom.has(j)) removedAfter.set(anchor, [...(removedAfter.get(anchor) ?? []), b]);
  });

  const changes: BlockChange[] = [];
  for (const b of removedAfter.get(-1) ?? []) changes.push(removed(b));
  for (let i = 0; i < to.length; i++) {
    const after = to[i]!;
    const j = counterpart[i]!;
    if (j < 0) {
      changes.push(added(after));
      continue;
    }
    const entry = compared(from[j]!, after, !stays.has(i));
    if (entry) changes.push(entry);
    if (stays.has(i)) for (const b of removedAfter.get(j) ?? []) changes.push(removed(b));
  }

  const kept = options.onlyAgreementChanged ? changes.filter((c) => c.agreementChanged) : changes;
  return { changes: kept, summary: summarize(changes) };
}

function indexById(blocks: readonly DiffBlock[]): Map<string, number> {
  const index = new Map<string, number>();
  // The first block with an id wins, as everywhere else (a duplicate id is a new block).
  blocks.forEach((b, i) => {
    if (b.id !== null && !index.has(b.id)) index.set(b.id, i);
  });
  return index;
}

/** Positions (in `to`) of a longest run of shared blocks whose `from` indices increase: the ones that did not move. */
function stayingPositions(counterpart: readonly number[]): Set<number> {
  // Patience sorting, O(n log n): tails[k] = position whose value ends the best run of length k + 1.
  const tails: number[] = [];
  const previous = new Array<number>(counterpart.length).fill(-1);
  for (let i = 0; i < counterpart.length; i++) {
    const value = counterpart[i]!;
    if (value < 0) continue;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (counterpart[tails[mid]!]! < value) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const stays = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1]! : -1; i >= 0; i = previous[i]!) stays.add(i);
  return stays;
}

function added(after: DiffBlock): BlockChange {
  return { change: 'added', id: after.id, before: null, after, moved: false, words: null, agreementChanged: true };
}

function removed(before: DiffBlock): BlockChange {
  return { change: 'removed', id: before.id, before, after: null, moved: false, words: null, agreementChanged: true };
}

/** The entry for a block on both sides, or undefined when nothing about it changed. */
function compared(before: DiffBlock, after: DiffBlock, moved: boolean): BlockChange | undefined {
  const reworded = before.fingerprint !== after.fingerprint;
  const agreementChanged = before.status !== after.status || before.stale !== after.stale;
  if (!reworded && !moved && !agreementChanged) return undefined;
  return {
    change: reworded ? 'changed' : moved ? 'moved' : 'agreement',
    id: after.id,
    before,
    after,
    moved,
    // A fingerprint also covers marks and heading level: the words may be equal while the block changed.
    words: reworded ? wordDiff(before.text, after.text) : null,
    agreementChanged,
  };
}

function summarize(changes: readonly BlockChange[]): BlockDiffSummary {
  const summary: BlockDiffSummary = { added: 0, removed: 0, changed: 0, moved: 0, agreementChanged: 0 };
  for (const c of changes) {
    if (c.change === 'added') summary.added++;
    else if (c.change === 'removed') summary.removed++;
    else if (c.change === 'changed') summary.changed++;
    if (c.moved) summary.moved++;
    if (c.agreementChanged) summary.agreementChanged++;
  }
  return summary;
}
