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
import { blockIdOf, extractBlocksWith, type BlockCore } from './blocks.js';
import { fingerprintCanonical, readBlockContent, verifySha256Hex, type FingerprintOptions, type Sha256Hex } from './fingerprint.js';
import { isPMNode, type DocSource, type NodeReader } from './node-reader.js';
import type { ConsensusRule } from './rules.js';
import { blockStatusFor, indexCommissioners, type BlockConsensus, type Vote } from './status.js';
import { assembleView, type ConsensusView, type VotesByBlock } from './view.js';

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

export class ConsensusIndex {
  private readonly byNode = new WeakMap<PMNode, CachedBlock>();
  private byId = new Map<string, CachedBlock>();
  private statuses = new Map<string, CachedStatus>();
  private context = '';
  private stats: UpdateStats = { blocks: 0, read: 0, fingerprinted: 0, evaluated: 0 };
  private readonly hash: Sha256Hex | undefined;

  constructor(options: FingerprintOptions = {}) {
    if (options.sha256) verifySha256Hex(options.sha256);
    this.hash = options.sha256;
  }

  /** What the last `update` had to recompute; tests assert incrementality with it. */
  get lastStats(): Readonly<UpdateStats> {
    return this.stats;
  }

  update(doc: DocSource, votesByBlock: VotesByBlock, commissioners: readonly string[], rule: ConsensusRule): ConsensusView {
    const stats: UpdateStats = { blocks: 0, read: 0, fingerprinted: 0, evaluated: 0 };
    const members = indexCommissioners(commissioners);
    // Every status depends on the rule and on the commissioners (their order shows in `pending`).
    const context = `${JSON.stringify(rule)}\u0000${members.ids.join('\u0000')}`;
    if (context !== this.context) this.statuses.clear();
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
    const blocks = extractBlocksWith(doc, resolve);
    this.byId = nextById;

    const previousStatuses = this.statuses;
    const nextStatuses = new Map<string, CachedStatus>();
    const view = assembleView(blocks, votesByBlock, members, (block, votes) => {
      let cached = block.id === null ? undefined : previousStatuses.get(block.id);
      if (!cached || cached.fingerprint !== block.fingerprint || !sameVotes(cached.votes, votes)) {
        stats.evaluated++;
        const consensus = blockStatusFor(block.fingerprint, members, votes, rule);
        cached = { fingerprint: block.fingerprint, votes: [...votes], consensus };
      }
      if (block.id !== null) nextStatuses.set(block.id, cached);
      return cached.consensus;
    });
    this.statuses = nextStatuses;
    stats.blocks = blocks.length;
    this.stats = stats;
    return view;
  }
}

function sameVotes(a: readonly Vote[], b: readonly Vote[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
