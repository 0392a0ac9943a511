/**
 * A consensus view kept up to date cheaply: after an edit to one paragraph only
 * that paragraph is re-hashed and re-evaluated (C23).
 *
 * Two caches, because callers hold documents in two ways:
 * - live PM Nodes (the editor): ProseMirror reuses unchanged node objects between
 *   states, so a WeakMap on the node object skips even reading the block;
 * - JSON or freshly built nodes (the server reading its Y.Doc): the block is read
 *   again, but if its id and canonical form match the last update the hash is reused.
 * A status is reused when the block's fingerprint and the very same vote objects
 * are seen again under the same commissioners and rule. Votes are treated as
 * immutable values: replace a vote object, never edit one in place.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import { blockIdOf, extractBlocksWith, extractChildBlocks, type BlockCore, type BlockResolver, type DocBlock } from './blocks.js';
import { fingerprintCanonical, readBlockContent, verifySha256Hex, type FingerprintOptions, type Sha256Hex } from './fingerprint.js';
import { isPMNode, type DocSource } from './node-reader.js';
import { patchRollup, type EntryChange } from './rollup.js';
import type { ConsensusRule } from './rules.js';
import { blockStatusFor, indexCommissioners, type BlockConsensus, type CommissionerIndex, type Vote } from './status.js';
import { assembleView, EntriesById, positionsOf, votesFor, type ConsensusEntry, type ConsensusView, type VotesByBlock } from './view.js';

export interface UpdateStats {
  blocks: number;
  /** Blocks whose content was read (not found by node identity). */
  read: number;
  /** Blocks whose fingerprint was hashed. */
  fingerprinted: number;
  /** Blocks whose status was evaluated. */
  evaluated: number;
  /** Entries of the view made anew; the others are the previous view's objects. */
  entries: number;
  /** Whether the view was assembled from every block (false: patched where the document changed). */
  whole: boolean;
}

/** What the caller knows changed since its last `update`. */
interface UpdateHint {
  /**
   * Only the document: the same votes, commissioners and rule. A live document whose changed
   * top-level blocks keep their blocks (ids, kinds, sections) — typing, marks — then costs the
   * changed blocks, not the document: the previous view is patched.
   */
  onlyDocChanged: boolean;
}

interface CachedBlock {
  canonical: string;
  core: BlockCore;
}

interface CachedStatus {
  fingerprint: string;
  votes: readonly Vote[];
  consensus: BlockConsensus;
}

/** The last view of a live document, with what patching it needs. */
interface LiveView {
  doc: PMNode;
  view: ConsensusView;
  /** Per top-level child, how many entries there are up to its end. */
  childEnds: readonly number[];
  /** Each block id's entry index, shared by the views patched from this one. */
  positions: ReadonlyMap<string, number>;
}

const NO_VOTES: readonly Vote[] = Object.freeze([]);
/** More changed top-level blocks than this (a paste, a reload): assembling the whole view is as cheap. */
const MAX_PATCHED_CHILDREN = 64;

export class ConsensusIndex {
  private readonly byNode = new WeakMap<PMNode, CachedBlock>();
  private byId = new Map<string, CachedBlock>();
  private statuses = new Map<string, CachedStatus>();
  private context = '';
  private stats: UpdateStats = { blocks: 0, read: 0, fingerprinted: 0, evaluated: 0, entries: 0, whole: true };
  private changes: readonly EntryChange<ConsensusEntry>[] | null = null;
  private live: LiveView | null = null;
  private readonly hash: Sha256Hex | undefined;

  constructor(options: FingerprintOptions = {}) {
    if (options.sha256) verifySha256Hex(options.sha256);
    this.hash = options.sha256;
  }

  /** What the last `update` had to recompute; tests assert incrementality with it. */
  get lastStats(): Readonly<UpdateStats> {
    return this.stats;
  }

  /** The entries the last `update` replaced, when it patched the view; null when it assembled it whole. */
  get lastChanges(): readonly EntryChange<ConsensusEntry>[] | null {
    return this.changes;
  }

  update(
    doc: DocSource,
    votesByBlock: VotesByBlock,
    commissioners: readonly string[],
    rule: ConsensusRule,
    hint?: UpdateHint,
  ): ConsensusView {
    const members = indexCommissioners(commissioners);
    // Every status depends on the rule and on the commissioners (their order shows in `pending`).
    const context = `${JSON.stringify(rule)}\u0000${members.ids.join('\u0000')}`;
    const sameContext = context === this.context;
    if (!sameContext) this.statuses.clear();
    this.context = context;

    const live = isPMNode(doc);
    if (live && hint?.onlyDocChanged && sameContext && this.live) {
      const patched = this.patch(this.live, doc, votesByBlock, members, rule);
      if (patched) return patched;
    }

    const stats: UpdateStats = { blocks: 0, read: 0, fingerprinted: 0, evaluated: 0, entries: 0, whole: true };
    const nextById = new Map<string, CachedBlock>();
    // Only a caller that says what changed can have a view patched: keep what that needs for it.
    const patchable = live && hint !== undefined;
    const childEnds: number[] = [];
    const blocks = extractBlocksWith(doc, this.resolver(live, stats, this.byId, nextById), patchable ? childEnds : undefined);
    this.byId = nextById;

    const previousStatuses = this.statuses;
    const nextStatuses = new Map<string, CachedStatus>();
    const view = assembleView(blocks, votesByBlock, members, (block, votes) =>
      this.statusOf(block, votes, members, rule, stats, previousStatuses, nextStatuses),
    );
    this.statuses = nextStatuses;
    stats.blocks = blocks.length;
    stats.entries = blocks.length;
    this.stats = stats;
    this.changes = null;
    this.live = patchable ? { doc, view, childEnds, positions: positionsOf(view.entries) } : null;
    return view;
  }

  /**
   * The previous view with the entries of the changed top-level blocks replaced, or null when the
   * change is not one in place (blocks added, removed, re-identified, or turned into or from
   * headings: the sections move) and the whole view must be assembled.
   */
  private patch(
    live: LiveView,
    doc: PMNode,
    votesByBlock: VotesByBlock,
    members: CommissionerIndex,
    rule: ConsensusRule,
  ): ConsensusView | null {
    const stats: UpdateStats = { blocks: live.view.entries.length, read: 0, fingerprinted: 0, evaluated: 0, entries: 0, whole: false };
    const before = live.doc;
    const count = doc.childCount;
    if (count !== before.childCount) return null;
    // Unchanged top-level blocks are the same node objects (ProseMirror and the binding keep them).
    const changedChildren: number[] = [];
    for (let i = 0; i < count; i++) {
      if (doc.child(i) === before.child(i)) continue;
      if (changedChildren.length === MAX_PATCHED_CHILDREN) return null;
      changedChildren.push(i);
    }
    const old = live.view.entries;
    const entries = old.slice();
    const changes: EntryChange<ConsensusEntry>[] = [];
    const resolve = this.resolver(true, stats, this.byId, this.byId);
    for (const child of changedChildren) {
      const from = child === 0 ? 0 : live.childEnds[child - 1]!;
      const to = live.childEnds[child]!;
      const fresh = extractChildBlocks(doc, child, from === 0 ? null : old[from - 1]!.block.sectionId, resolve);
      if (fresh.length !== to - from) return null;
      for (let k = 0; k < fresh.length; k++) {
        const previous = old[from + k]!;
        const block = fresh[k]!;
        if (block.id !== previous.block.id || (block.kind === 'heading') !== (previous.block.kind === 'heading')) return null;
        if (sameBlock(block, previous.block)) continue;
        const votes = (block.id === null ? undefined : votesFor(votesByBlock, block.id)) ?? NO_VOTES;
        const entry: ConsensusEntry = { block, consensus: this.statusOf(block, votes, members, rule, stats, this.statuses, this.statuses) };
        stats.entries++;
        entries[from + k] = entry;
        changes.push({ index: from + k, before: previous, after: entry });
      }
    }
    this.stats = stats;
    this.changes = changes;
    if (changes.length === 0) {
      this.live = { ...live, doc };
      return live.view;
    }
    const view: ConsensusView = {
      entries,
      byId: new EntriesById(live.positions, entries),
      rollup: patchRollup(live.view.rollup, changes),
      orphaned: live.view.orphaned,
    };
    this.live = { ...live, doc, view };
    return view;
  }

  /** Reads a block, or finds it read: by node object (live documents), or by id and canonical form. */
  private resolver(
    live: boolean,
    stats: UpdateStats,
    previousById: ReadonlyMap<string, CachedBlock>,
    nextById: Map<string, CachedBlock>,
  ): BlockResolver {
    return (reader, node) => {
      let cached = live ? this.byNode.get(node as PMNode) : undefined;
      if (!cached) {
        stats.read++;
        const content = readBlockContent(reader, node);
        const id = blockIdOf(reader, node);
        const previous = id === null ? undefined : previousById.get(id);
        if (previous && previous.canonical === content.canonical) {
          cached = previous;
        } else {
          stats.fingerprinted++;
          const fingerprint = fingerprintCanonical(content.canonical, this.hash);
          cached = {
            canonical: content.canonical,
            core: { id, kind: content.kind, level: content.level, text: content.text, fingerprint },
          };
        }
        if (live) this.byNode.set(node as PMNode, cached);
      }
      if (cached.core.id !== null) nextById.set(cached.core.id, cached);
      return cached.core;
    };
  }

  /** A block's status, reused when its fingerprint and the very same votes were evaluated last time. */
  private statusOf(
    block: DocBlock,
    votes: readonly Vote[],
    members: CommissionerIndex,
    rule: ConsensusRule,
    stats: UpdateStats,
    previous: ReadonlyMap<string, CachedStatus>,
    next: Map<string, CachedStatus>,
  ): BlockConsensus {
    let cached = block.id === null ? undefined : previous.get(block.id);
    if (!cached || cached.fingerprint !== block.fingerprint || !sameVotes(cached.votes, votes)) {
      stats.evaluated++;
      const consensus = blockStatusFor(block.fingerprint, members, votes, rule);
      cached = { fingerprint: block.fingerprint, votes: [...votes], consensus };
    }
    if (block.id !== null) next.set(block.id, cached);
    return cached.consensus;
  }
}

/** The same block in the same place: an unchanged top-level block's neighbour in a list, say. */
function sameBlock(a: DocBlock, b: DocBlock): boolean {
  return (
    a.fingerprint === b.fingerprint &&
    a.text === b.text &&
    a.kind === b.kind &&
    a.level === b.level &&
    a.sectionId === b.sectionId &&
    a.path.length === b.path.length &&
    a.path.every((type, i) => type === b.path[i])
  );
}

function sameVotes(a: readonly Vote[], b: readonly Vote[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
