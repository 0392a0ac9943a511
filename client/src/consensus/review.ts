/**
 * How a block's consensus reads to a person: the marker's symbol and count, the
 * sentence behind it, whether it needs *my* review, and which filter it
 * matches. Pure functions: the gutter, the panel and the dashboard share them.
 */
import type { BlockConsensus, BlockStatus, ConsensusRule } from '@concord/shared';

export type ConsensusFilter = 'all' | 'mine' | 'disputed' | 'stale' | 'agreed';

export const FILTERS: readonly { id: ConsensusFilter; label: string; hint: string; commissionersOnly?: boolean }[] = [
  { id: 'all', label: 'All', hint: 'Show every paragraph' },
  { id: 'mine', label: 'Needs my review', hint: 'Paragraphs you have not voted on in their current wording', commissionersOnly: true },
  {
    id: 'disputed',
    label: 'Disputed',
    hint: 'Paragraphs someone disputes, also those disputed on an earlier wording until the disputer votes on the new one',
  },
  { id: 'stale', label: 'Changed', hint: 'Paragraphs edited after someone voted on them (stale votes)' },
  { id: 'agreed', label: 'Agreed', hint: 'Paragraphs the commission agrees on' },
];

/** Where I stand on a block: null when I am not a commissioner (I do not vote). */
export type MyStance = 'needs' | 'agree' | 'dispute' | null;

export function myStance(consensus: BlockConsensus, me: string | null, isCommissioner: boolean): MyStance {
  if (!me || !isCommissioner) return null;
  const mine = consensus.current.find((v) => v.userId === me);
  return mine ? mine.stance : 'needs';
}

export function matchesFilter(filter: ConsensusFilter, consensus: BlockConsensus, mine: MyStance): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'mine':
      return mine === 'needs';
    case 'disputed':
      return isDisputed(consensus);
    case 'stale':
      return consensus.stale;
    case 'agreed':
      return consensus.status === 'agreed';
  }
}

/**
 * Disputed now, or on an earlier wording by someone who has not voted on this
 * one (C39): an edit alone does not answer an objection.
 */
function isDisputed(consensus: BlockConsensus): boolean {
  return consensus.status === 'disputed' || consensus.staleDisputers.length > 0;
}

/** How many agreements make a block agreed: every commissioner, or the quorum. */
export function agreementsNeeded(rule: ConsensusRule, commissioners: number): number {
  return rule.kind === 'unanimous' ? commissioners : Math.max(1, rule.minAgree);
}

export const STATUS_WORDS: Record<BlockStatus, string> = {
  agreed: 'Agreed',
  in_review: 'In review',
  disputed: 'Disputed',
  unreviewed: 'Not reviewed yet',
};

export interface MarkerFace {
  symbol: string;
  text: string;
}

/** What the gutter shows: ✓ 3/5, ✗ 1, ⚠ stale, ○ 0/5. */
export function markerFace(c: BlockConsensus, needed: number): MarkerFace {
  if (c.status === 'disputed') return { symbol: '✗', text: String(c.dispute) };
  if (c.staleDisputers.length > 0) return { symbol: '✗', text: String(c.staleDisputers.length) };
  if (c.stale && c.status === 'unreviewed') return { symbol: '⚠', text: 'stale' };
  if (c.status === 'unreviewed') return { symbol: '○', text: `0/${needed}` };
  return { symbol: '✓', text: `${c.agree}/${needed}` };
}

/** One sentence for people (marker title, screen readers). */
export function statusSentence(c: BlockConsensus, needed: number): string {
  const parts: string[] = [];
  switch (c.status) {
    case 'agreed':
      parts.push(`Agreed: ${c.agree} of ${needed} needed agree with this wording.`);
      break;
    case 'in_review':
      parts.push(`In review: ${c.agree} of ${needed} needed agree so far.`);
      break;
    case 'disputed':
      parts.push(`Disputed by ${people(c.dispute)}${c.agree ? `; ${c.agree} agree` : ''}.`);
      break;
    case 'unreviewed':
      parts.push('Nobody has voted on this wording yet.');
      break;
  }
  if (c.status !== 'disputed' && c.staleDisputers.length > 0)
    parts.push(
      `Disputed on an earlier wording by ${people(c.staleDisputers.length)}, who ${c.staleDisputers.length === 1 ? 'has' : 'have'} not voted on this wording yet.`,
    );
  if (c.stale)
    parts.push(
      `Changed since ${people(c.staleVotes)} voted: ${c.staleVotes === 1 ? 'that vote no longer counts' : 'their votes no longer count'}.`,
    );
  return parts.join(' ');
}

function people(n: number): string {
  return n === 1 ? 'one commissioner' : `${n} commissioners`;
}
