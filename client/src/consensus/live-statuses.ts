/**
 * Statuses for the few blocks the gutter shows, between two full views.
 * The whole-document view (`ConsensusIndex`) is rebuilt in idle time at most a
 * few times a second; a keystroke needs only the edited block's status, now.
 * Same pure rules (`fingerprintBlock`, `blockStatusFor`), so the answers are
 * the ones the index gives (C23) — just for one block instead of 1,500.
 */
import {
  blockStatusFor,
  fingerprintBlock,
  isBlockNodeType,
  type BlockConsensus,
  type CommissionerIndex,
  type ConsensusRule,
  type ConsensusView,
  type Vote,
} from '@concord/shared';
import type { Node as PMNode } from '@tiptap/pm/model';

interface Computed {
  fingerprint: string;
  votes: readonly Vote[];
  version: number;
  consensus: BlockConsensus;
}

export class LiveStatuses {
  /** ProseMirror keeps unchanged nodes between states: most lookups end here. */
  private readonly fingerprints = new WeakMap<PMNode, string>();
  /** A remote change rebuilds every node (y-tiptap): an equal node has the same fingerprint. */
  private lastNodes = new Map<string, { node: PMNode; fingerprint: string }>();
  private readonly computed = new Map<string, Computed>();

  fingerprintOf(node: PMNode, id: string | null): string {
    let fingerprint = this.fingerprints.get(node);
    if (fingerprint !== undefined) return fingerprint;
    const last = id === null ? undefined : this.lastNodes.get(id);
    fingerprint = last && last.node.eq(node) ? last.fingerprint : fingerprintBlock(node);
    this.fingerprints.set(node, fingerprint);
    if (id !== null) this.lastNodes.set(id, { node, fingerprint });
    return fingerprint;
  }

  statusOf(
    id: string | null,
    fingerprint: string,
    votes: readonly Vote[],
    members: CommissionerIndex,
    rule: ConsensusRule,
    version: number,
  ): BlockConsensus {
    const cached = id === null ? undefined : this.computed.get(id);
    if (cached && cached.fingerprint === fingerprint && cached.votes === votes && cached.version === version) return cached.consensus;
    const consensus = blockStatusFor(fingerprint, members, votes, rule);
    if (id !== null) this.computed.set(id, { fingerprint, votes, version, consensus });
    return consensus;
  }

  /** After a full view: remember every block's fingerprint by node, forget per-block results. */
  learn(doc: PMNode, view: ConsensusView): void {
    const lastNodes = new Map<string, { node: PMNode; fingerprint: string }>();
    let index = 0;
    doc.descendants((node) => {
      if (!isBlockNodeType(node.type.name)) return true;
      const block = view.entries[index++]?.block;
      const id = node.attrs.id as string | null;
      if (block && block.id === id) {
        this.fingerprints.set(node, block.fingerprint);
        if (id) lastNodes.set(id, { node, fingerprint: block.fingerprint });
      }
      return false;
    });
    this.lastNodes = lastNodes;
    this.computed.clear();
  }
}
