/**
 * The audit log as people read it: one line per entry in words, and the
 * filters of the audit screen (who, what, when, which block). Pure, so the
 * page only loads and renders.
 */
import { describeConsensusRule, parseConsensusRule } from '@concord/shared';
import type { AuditEntryJson } from '../../api/consensus';

/** The "what" filter: actions grouped the way people ask about them. */
export const ACTION_GROUPS: readonly { id: string; label: string; actions: readonly string[] }[] = [
  { id: 'votes', label: 'Votes', actions: ['vote.cast', 'vote.withdrawn'] },
  { id: 'signoffs', label: 'Section sign-offs', actions: ['vote.batch'] },
  { id: 'rule', label: 'Rule changes', actions: ['rule.changed'] },
  { id: 'members', label: 'Membership', actions: ['member.added', 'member.changed', 'member.removed'] },
  {
    id: 'comments',
    label: 'Comments',
    actions: ['comment.created', 'comment.edited', 'comment.deleted', 'thread.resolved', 'thread.reopened'],
  },
  { id: 'reviews', label: 'Re-review requests', actions: ['review.requested'] },
  { id: 'rounds', label: 'Review rounds', actions: ['round.opened', 'round.closed'] },
  { id: 'versions', label: 'Named versions and restores', actions: ['version.named', 'version.restored'] },
  {
    id: 'proposals',
    label: 'Proposals',
    actions: [
      'proposal.created',
      'proposal.revised',
      'proposal.voted',
      'proposal.vote_withdrawn',
      'proposal.adopted',
      'proposal.withdrawn',
      'proposal.rejected',
    ],
  },
];

export interface AuditFilter {
  /** Actor id, or '' for anyone. */
  who: string;
  /** An ACTION_GROUPS id, or '' for anything. */
  what: string;
  /** `YYYY-MM-DD` (inclusive, UTC), or ''. */
  from: string;
  to: string;
  /** Words of the block's text, or its id; '' for any block. */
  block: string;
}

export const NO_FILTER: AuditFilter = { who: '', what: '', from: '', to: '', block: '' };

/** `blockText` gives a block's current text (the entry may only carry its id). */
export function filterAudit(
  entries: readonly AuditEntryJson[],
  filter: AuditFilter,
  blockText: (id: string) => string | undefined,
): AuditEntryJson[] {
  const actions = ACTION_GROUPS.find((g) => g.id === filter.what)?.actions;
  const needle = filter.block.trim().toLowerCase();
  const to = filter.to ? `${filter.to}\uffff` : '';
  return entries.filter((e) => {
    if (filter.who && e.actorId !== filter.who) return false;
    if (actions && !actions.includes(e.action)) return false;
    if (filter.from && e.at < filter.from) return false;
    if (to && e.at > to) return false;
    if (needle && !blockIds(e).some((id) => id.toLowerCase() === needle || matches(blockText(id), needle) || matches(entryText(e), needle)))
      return false;
    return true;
  });
}

/** The blocks an entry is about: its own, or every block of a sign-off. */
export function blockIds(e: AuditEntryJson): string[] {
  const batch = e.details.blockIds;
  if (e.action === 'vote.batch' && Array.isArray(batch)) return batch.filter((id): id is string => typeof id === 'string');
  return e.blockId ? [e.blockId] : [];
}

function entryText(e: AuditEntryJson): string | undefined {
  return typeof e.details.text === 'string' ? e.details.text : undefined;
}

function matches(text: string | undefined, needle: string): boolean {
  return text !== undefined && text.toLowerCase().includes(needle);
}

/** What happened, in words ("disputed: reason", "set the rule to …"). */
export function describeEntry(e: AuditEntryJson): string {
  const d = e.details;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (e.action) {
    case 'vote.cast':
      if (d.stance === 'dispute')
        return `disputed${str(d.reason) ? `: “${str(d.reason)}”` : ''}${d.batchSeq !== undefined ? ' (in a sign-off)' : ''}`;
      return `agreed${d.batchSeq !== undefined ? ' (in a sign-off)' : ''}`;
    case 'vote.withdrawn':
      return 'withdrew their vote';
    case 'vote.batch':
      return `signed off ${typeof d.count === 'number' ? d.count : '?'} blocks at once (${str(d.stance) || 'agree'})`;
    case 'rule.changed': {
      const parsed = parseConsensusRule(d.rule);
      return `set the rule: ${parsed.ok ? describeConsensusRule(parsed.rule) : 'unreadable rule'}`;
    }
    case 'member.added':
    case 'member.changed':
    case 'member.removed':
      return `${e.action.slice('member.'.length)} a member${str(d.role) ? ` (${str(d.role)})` : ''}${str(d.previousRole) ? `, was ${str(d.previousRole)}` : ''}`;
    case 'review.requested':
      return `asked for a re-review${str(d.message) ? `: “${str(d.message)}”` : ''}`;
    default:
      return e.action.replace('.', ' ').replace('_', ' ');
  }
}
