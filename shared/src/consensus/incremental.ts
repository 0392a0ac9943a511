/**
 * The consensus view of a whole document, kept up to date cheaply: after an edit
 * to one paragraph only that paragraph is re-hashed and re-evaluated.
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
import { blockIdOf, extractBlocksWith, type BlockCore, type DocBlock } from './blocks.js';
import { fingerprintCanonical, readBlockContent } from './fingerprint.js';
import { isPMNode, type DocSource, type NodeReader } from './node-reader.js';
import { rollupConsensus, type ConsensusRollup } from './rollup.js';
import type { ConsensusRule } from './rules.js';
import { blockStatusFor, type BlockConsensus, type Vote } from './status.js';

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

export interface UpdateStats {
  blocks: number;
  /** Blocks whose content was read (not found by node identity). */
  read: number;
  /** Blocks whose fingerprint was hashed. */
  fingerprinted: number;
  /** Blocks whose status was evaluated. */
  evaluated: number;
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

const NO_VOTES: readonly Vote[] = Object.freeze([]);

export class ConsensusIndex {
  private readonly byNode = new WeakMap<PMNode, CachedBlock>();
  private byId = new Map<string, CachedBlock>();
  private statuses = new Map<string, CachedStatus>();
  private context = '';
  private stats: UpdateStats = { blocks: 0, read: 0, fingerprinted: 0, evaluated: 0 };

  /** What the last `update` had to recompute; tests assert incrementality with it. */
  get lastStats(): Readonly<UpdateStats> {
    return this.stats;
  }

  update(
    doc: DocSource,
    votesByBlock: VotesByBlock,
    commissioners: readonly string[],
    rule: ConsensusRule,
  ): ConsensusView {
    const stats: UpdateStats = { blocks: 0, read: 0, fingerprinted: 0, evaluated: 0 };
    const members = new Set(commissioners);
    const context = `${JSON.stringify(rule)}\u0000${[...members].join('\u0000')}`;
    if (context !== this.context) this.statuses.clear(); // every status depends on both
    this.context = context;

    const live = isPMNode(doc);
    const previousById = this.byId;
    const nextById = new Map<string, CachedBlock>();
    const resolve = <N>(reader: NodeReader<N>, node: N): BlockCore => {
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
          const fingerprint = fingerprintCanonical(content.canonical);
          cached = { canonical: content.canonical, core: { id, kind: content.kind, level: content.level, text: content.text, fingerprint } };
        }
        if (live) this.byNode.set(node as PMNode, cached);
      }
      if (cached.core.id !== null) nextById.set(cached.core.id, cached);
      return cached.core;
    };
    const blocks = extractBlocksWith(doc, resolve);
    this.byId = nextById;

    const nextStatuses = new Map<string, CachedStatus>();
    const entries: ConsensusEntry[] = [];
    const byId = new Map<string, ConsensusEntry>();
    for (const block of blocks) {
      const votes = (block.id === null ? undefined : votesFor(votesByBlock, block.id)) ?? NO_VOTES;
      let cached = block.id === null ? undefined : this.statuses.get(block.id);
      if (!cached || cached.fingerprint !== block.fingerprint || !sameVotes(cached.votes, votes)) {
        stats.evaluated++;
        cached = { fingerprint: block.fingerprint, votes: [...votes], consensus: blockStatusFor(block.fingerprint, members, votes, rule) };
      }
      if (block.id !== null) nextStatuses.set(block.id, cached);
      const entry: ConsensusEntry = { block, consensus: cached.consensus };
      entries.push(entry);
      if (block.id !== null && !byId.has(block.id)) byId.set(block.id, entry);
    }
    this.statuses = nextStatuses;
    stats.blocks = blocks.length;
    this.stats = stats;

    return {
      entries,
      byId,
      rollup: rollupConsensus(entries, [...members]),
      orphaned: orphanedIds(votesByBlock, byId),
    };
  }
}

/** The view in one go, with no cache kept (export, one-off checks). */
export function computeConsensus(
  doc: DocSource,
  votesByBlock: VotesByBlock,
  commissioners: readonly string[],
  rule: ConsensusRule,
): ConsensusView {
  return new ConsensusIndex().update(doc, votesByBlock, commissioners, rule);
}

export function votesFor(votesByBlock: VotesByBlock, id: string): readonly Vote[] | undefined {
  if (votesByBlock instanceof Map) return votesByBlock.get(id);
  const record = votesByBlock as Readonly<Record<string, readonly Vote[]>>;
  // Own keys only: an id such as "__proto__" must not reach Object.prototype.
  return Object.hasOwn(record, id) ? record[id] : undefined;
}

function sameVotes(a: readonly Vote[], b: readonly Vote[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function orphanedIds(votesByBlock: VotesByBlock, present: ReadonlyMap<string, unknown>): string[] {
  const ids = votesByBlock instanceof Map ? [...votesByBlock.keys()] : Object.keys(votesByBlock);
  return ids.filter((id) => !present.has(id) && (votesFor(votesByBlock, id)?.length ?? 0) > 0);
}
