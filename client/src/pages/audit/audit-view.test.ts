import { describe, expect, it } from 'vitest';
import type { AuditEntryJson } from '../../api/consensus';
import { describeEntry, filterAudit, NO_FILTER } from './audit-view';

const entry = (action: string, details: Record<string, unknown>): AuditEntryJson =>
  ({
    seq: 1,
    docId: 'd1',
    at: '2031-03-14T17:00:30.000Z',
    actorId: 'u1',
    actorName: 'Amira',
    action,
    blockId: null,
    details,
  }) as AuditEntryJson;

describe('audit entries in words', () => {
  it('a review round opened: its scope, deadline and message', () => {
    expect(
      describeEntry(
        entry('round.opened', {
          roundId: 'r1',
          deadline: '2031-03-14T17:00:00.000Z',
          sections: ['h1', 'h2'],
          message: 'By Friday',
          reminderHours: 24,
        }),
      ),
    ).toBe('opened a review round on 2 sections, due 2031-03-14 17:00: “By Friday”');
    expect(describeEntry(entry('round.opened', { roundId: 'r1', deadline: '2031-03-14T17:00:00.000Z', sections: null, message: '' }))).toBe(
      'opened a review round on the whole document, due 2031-03-14 17:00',
    );
  });

  it('a review round closed: the outcome it kept — agreed, disputed, not reviewed, and who had not finished', () => {
    const outcome = { roundId: 'r1', blocks: 12, agreed: 7, disputed: 2, inReview: 1, unreviewed: 2 };
    expect(describeEntry(entry('round.closed', { ...outcome, reason: 'deadline', notFinished: ['u2', 'u3'] }))).toBe(
      'closed a review round at its deadline: of 12 blocks, 7 agreed, 2 disputed, 1 in review, 2 not reviewed; 2 commissioners had not finished',
    );
    expect(
      describeEntry(
        entry('round.closed', {
          ...outcome,
          blocks: 1,
          agreed: 1,
          disputed: 0,
          inReview: 0,
          unreviewed: 0,
          reason: 'closed',
          notFinished: [],
        }),
      ),
    ).toBe('closed a review round: of 1 block, 1 agreed, 0 disputed, 0 in review, 0 not reviewed; every commissioner had finished');
  });
});

describe('renames in the audit log', () => {
  const renamed = entry('doc.renamed', { title: 'Final report', previousTitle: 'Draft' });

  it('say what the title became and what it was', () => {
    expect(describeEntry(renamed)).toBe('renamed the document to “Final report” (was “Draft”)');
  });

  it('have a filter of their own', () => {
    const vote = { ...entry('vote.cast', { stance: 'agree' }), seq: 2, blockId: 'b1' };
    expect(filterAudit([renamed, vote], { ...NO_FILTER, what: 'title' }, () => undefined)).toEqual([renamed]);
  });
});

describe('creation and email preferences in the audit log', () => {
  it('say who created the document, and how', () => {
    expect(describeEntry(entry('doc.created', { title: 'Annual report' }))).toBe('created the document “Annual report”');
    expect(describeEntry(entry('doc.created', { title: 'Annual report', via: 'cli' }))).toBe(
      'created the document “Annual report” (server administrator)',
    );
  });

  it('say what email a member chose, what it was, and whether an unsubscribe link did it', () => {
    expect(describeEntry(entry('email.changed', { email: 'every', previousEmail: 'digest' }))).toBe(
      'chose an email for everything for this document (was a daily digest)',
    );
    expect(describeEntry(entry('email.changed', { email: 'none', previousEmail: 'every', via: 'unsubscribe link' }))).toBe(
      'chose no email for this document (was an email for everything), with an email’s unsubscribe link',
    );
  });

  it('each have a filter of their own', () => {
    const created = entry('doc.created', { title: 'Annual report' });
    const email = { ...entry('email.changed', { email: 'none' }), seq: 2 };
    expect(filterAudit([created, email], { ...NO_FILTER, what: 'created' }, () => undefined)).toEqual([created]);
    expect(filterAudit([created, email], { ...NO_FILTER, what: 'email' }, () => undefined)).toEqual([email]);
  });
});
