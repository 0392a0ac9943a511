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
