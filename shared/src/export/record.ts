/**
 * The consensus record: for every exported block, who agreed and when, and
 * the rule in force. Built once here, presented by each renderer as an appendix.
 */
import type { AgreementNode, DocNode } from './doc-model.js';
import { collectBlockLeaves } from './doc-model.js';
import { blockPlainText, excerpt } from './text.js';
import type { ConsensusRuleInput, ExportBlockState, ExportBlockStatus, ExportVote } from './types.js';
import { blockState } from './types.js';

export interface RecordEntry {
  /** 1-based position among the exported blocks, as printed ("¶ 12"). */
  ordinal: number;
  blockId: string;
  node: AgreementNode;
  excerpt: string;
  state: ExportBlockState;
  agreed: ExportVote[];
  disputed: ExportVote[];
}

export const STATUS_LABEL: Record<ExportBlockStatus, string> = {
  unreviewed: 'Unreviewed',
  in_review: 'In review',
  disputed: 'Disputed',
  agreed: 'Agreed',
};

export const RECORD_TITLE = 'Consensus record';

/** Exported blocks in document order; id-less placeholders are not blocks and are skipped. */
export function exportedBlocks(doc: DocNode): { id: string; node: AgreementNode }[] {
  return collectBlockLeaves(doc).flatMap((node) => (node.attrs.id === null ? [] : [{ id: node.attrs.id, node }]));
}

export function buildRecord(doc: DocNode, blocks: ReadonlyMap<string, ExportBlockState>): RecordEntry[] {
  return exportedBlocks(doc).map(({ id, node }, index) => {
    const state = blockState(blocks, id);
    const votes = sortVotes(state.votes);
    return {
      ordinal: index + 1,
      blockId: id,
      node,
      excerpt: excerpt(blockPlainText(node)) || '(empty)',
      state,
      agreed: votes.filter((v) => v.stance === 'agree'),
      disputed: votes.filter((v) => v.stance === 'dispute'),
    };
  });
}

/** Votes by time, then name, then id: a stable order whatever order they arrive in. */
export function sortVotes(votes: readonly ExportVote[]): ExportVote[] {
  return [...votes].sort((a, b) => cmp(a.at, b.at) || cmp(a.userName, b.userName) || cmp(a.userId, b.userId) || cmp(a.stance, b.stance));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function describeRule(rule: ConsensusRuleInput): string {
  switch (rule.kind) {
    case 'unanimous':
      return 'Unanimous: a block is agreed when every commissioner agrees with its current text and nobody disputes it.';
    case 'quorum':
      return `Quorum: a block is agreed when at least ${rule.minAgree} commissioner${rule.minAgree === 1 ? '' : 's'} agree with its current text and at most ${rule.maxDispute} dispute${rule.maxDispute === 1 ? 's' : ''} it.`;
    default: {
      const never: never = rule;
      throw new Error(`Unknown consensus rule ${JSON.stringify(never)}`);
    }
  }
}

export function describeScope(scope: 'consensus' | 'draft'): string {
  return scope === 'consensus'
    ? 'Consensus text: only the blocks the commission agreed on.'
    : 'Working draft: every block, marked with its current status.';
}

export const BLOCK_KIND_LABEL: Record<AgreementNode['type'], string> = {
  paragraph: 'Paragraph',
  heading: 'Heading',
  table: 'Table',
  figure: 'Figure',
};
