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
  {
    id: 'members',
    label: 'Membership',
    actions: [
      'member.added',
      'member.changed',
      'member.removed',
      'member.invited',
      'member.joined',
      'invitation.changed',
      'invitation.revoked',
    ],
  },
  { id: 'created', label: 'Creation', actions: ['doc.created'] },
  { id: 'title', label: 'Title changes', actions: ['doc.renamed'] },
  { id: 'email', label: 'Email preferences', actions: ['email.changed'] },
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
    case 'doc.created':
      return `created the document${str(d.title) ? ` “${str(d.title)}”` : ''}${d.via === 'cli' ? ' (server administrator)' : ''}`;
    case 'email.changed':
      return `chose ${EMAIL_WORDS[str(d.email)] ?? str(d.email)} for this document${str(d.previousEmail) ? ` (was ${EMAIL_WORDS[str(d.previousEmail)] ?? str(d.previousEmail)})` : ''}${d.via === 'unsubscribe link' ? ', with an email’s unsubscribe link' : ''}`;
    case 'member.invited':
      return `invited ${str(d.email)}${str(d.role) ? ` (${str(d.role)})` : ''}`;
    case 'member.joined':
      return `accepted the invitation${str(d.role) ? ` (${str(d.role)})` : ''}`;
    case 'invitation.changed':
      return `changed the invitation of ${str(d.email)} to ${str(d.role)}${str(d.previousRole) ? `, was ${str(d.previousRole)}` : ''}`;
    case 'invitation.revoked':
      return `revoked the invitation of ${str(d.email)}`;
    case 'doc.renamed':
      return `renamed the document to “${str(d.title)}”${str(d.previousTitle) ? ` (was “${str(d.previousTitle)}”)` : ''}`;
    case 'review.requested':
      return `asked for a re-review${str(d.message) ? `: “${str(d.message)}”` : ''}`;
    case 'round.opened':
      return describeRoundOpened(d);
    case 'round.closed':
      return describeRoundClosed(d);
    default:
      return e.action.replace('.', ' ').replace('_', ' ');
  }
}

const EMAIL_WORDS: Record<string, string> = { every: 'an email for everything', digest: 'a daily digest', none: 'no email' };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const count = (v: unknown) => (typeof v === 'number' ? v : 0);

/** "opened a review round on 2 sections, due 2031-03-14 17:00: “Please sign off”" (the deadline in UTC, as the table's times). */
function describeRoundOpened(d: AuditEntryJson['details']): string {
  const scope = Array.isArray(d.sections) ? plural(d.sections.length, 'section') : 'the whole document';
  const due = typeof d.deadline === 'string' ? `, due ${d.deadline.slice(0, 16).replace('T', ' ')}` : '';
  const message = typeof d.message === 'string' && d.message ? `: “${d.message}”` : '';
  return `opened a review round on ${scope}${due}${message}`;
}

/** The outcome the round kept, as its audit entry records it: what was agreed, disputed, not reviewed, and who had not finished. */
function describeRoundClosed(d: AuditEntryJson['details']): string {
  const how = d.reason === 'deadline' ? 'closed a review round at its deadline' : 'closed a review round';
  const notFinished = Array.isArray(d.notFinished) ? d.notFinished.length : 0;
  const who = notFinished === 0 ? 'every commissioner had finished' : `${plural(notFinished, 'commissioner')} had not finished`;
  return (
    `${how}: of ${plural(count(d.blocks), 'block')}, ${count(d.agreed)} agreed, ${count(d.disputed)} disputed, ` +
    `${count(d.inReview)} in review, ${count(d.unreviewed)} not reviewed; ${who}`
  );
}
