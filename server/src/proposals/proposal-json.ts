/**
 * What clients see of a proposal (docs/PROTOCOL.md, "Proposals"): the stored
 * proposal plus what is derived, never stored — its consensus under the
 * document's rule (C26), whether it is outdated (C29) and the word diffs.
 */
import {
  isProposalOutdated,
  proposalConsensus,
  wordDiff,
  type ConsensusRule,
  type ProposalJson,
  type ProposalSummaryJson,
  type ProposalVote,
  type WordDiffPart,
} from '@concord/shared';
import type { StoredProposal, StoredProposalVote } from '../store/proposal-types.js';

export interface ProposalContext {
  commissioners: readonly string[];
  rule: ConsensusRule;
  /** Display names by user id. */
  names: ReadonlyMap<string, string>;
  /** Each person's colour (tracked changes are shown in the proposer's colour). */
  colors?: ReadonlyMap<string, string>;
  /** The block's fingerprint and text now, undefined when it is gone. */
  block(blockId: string): { fingerprint: string; text: string } | undefined;
}

export function toProposalVotes(votes: readonly StoredProposalVote[]): ProposalVote[] {
  return votes.map((v) => ({
    userId: v.userId,
    stance: v.stance,
    revision: v.revision,
    at: Date.parse(v.at),
    ...(v.reason ? { reason: v.reason } : {}),
  }));
}

export function proposalJson(p: StoredProposal, votes: readonly StoredProposalVote[], ctx: ProposalContext): ProposalJson {
  const name = (id: string) => ctx.names.get(id) ?? '(former member)';
  const consensus = proposalConsensus({
    revision: p.revision,
    votes: toProposalVotes(votes),
    commissioners: ctx.commissioners,
    rule: ctx.rule,
  });
  const block = ctx.block(p.blockId);
  // Only an open proposal can be outdated: an adopted one *is* the text, a closed one is history.
  const outdated = p.state === 'open' && isProposalOutdated(p.base, block?.fingerprint);
  const commissioners = new Set(ctx.commissioners);
  return {
    id: p.id,
    docId: p.docId,
    blockId: p.blockId,
    authorId: p.authorId,
    authorName: name(p.authorId),
    authorColor: ctx.colors?.get(p.authorId) ?? null,
    content: p.content,
    text: p.text,
    fingerprint: p.fingerprint,
    rationale: p.rationale,
    base: p.base,
    baseText: p.baseText,
    revision: p.revision,
    status: p.state,
    closedAs: p.closedAs,
    forced: p.forced,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    resolvedBy: p.resolvedBy,
    resolvedByName: p.resolvedBy === null ? null : name(p.resolvedBy),
    resolvedAt: p.resolvedAt,
    /** Tracked changes: from the text it was written against to the proposed text. */
    changes: wordDiff(p.baseText, p.text),
    outdated,
    blockExists: block !== undefined,
    currentText: block?.text ?? null,
    /** Outdated: what changed in the block since the proposal was written (C29). */
    ...(outdated && block ? { diff: wordDiff(p.baseText, block.text) as WordDiffPart[] } : {}),
    consensus: {
      status: consensus.status,
      meetsRule: consensus.meetsRule,
      support: consensus.support,
      object: consensus.object,
      supporters: consensus.supporters.map((userId) => ({ userId, name: name(userId) })),
      objectors: consensus.objectors.map(({ userId, reason }) => ({ userId, name: name(userId), reason: reason ?? null })),
      pending: [...consensus.pending],
    },
    votes: votes.map((v) => ({
      userId: v.userId,
      name: name(v.userId),
      stance: v.stance,
      reason: v.reason,
      revision: v.revision,
      at: v.at,
      counted: v.revision === p.revision && commissioners.has(v.userId),
    })),
  };
}

/** Declared once, in @concord/shared (api/review-responses.ts). */
export type { ProposalJson };

/** The short form shown per block in GET /api/docs/:id/consensus. */
export function proposalSummary(p: ProposalJson): ProposalSummaryJson {
  return {
    id: p.id,
    authorId: p.authorId,
    authorName: p.authorName,
    text: p.text,
    rationale: p.rationale,
    revision: p.revision,
    status: p.status,
    outdated: p.outdated,
    changes: p.changes,
    consensus: { status: p.consensus.status, meetsRule: p.consensus.meetsRule, support: p.consensus.support, object: p.consensus.object },
  };
}
