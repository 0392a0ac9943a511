/** RoundStore and MailStore contracts: a round closes once with its audit entry; a mail key is queued once; digests fold atomically. */
import { describe, expect, it } from 'vitest';
import { StoreError, type NewAuditEntry, type Stores } from '../../src/store/types.js';
import type { StoredRound } from '../../src/store/round-types.js';
import type { StoredMail } from '../../src/store/mail-types.js';
import { unsentMail } from '../../src/mail/unsent-mail.js';
import { storesPerTest, type StoreFactory } from './factory.js';

const AT = '2030-01-01T00:00:00.000Z';

function round(id: string, overrides: Partial<StoredRound> = {}): StoredRound {
  return {
    id,
    docId: 'd1',
    createdBy: 'u1',
    createdAt: AT,
    deadline: '2030-01-08T00:00:00.000Z',
    message: 'please',
    sectionIds: ['h1'],
    reminderHours: 24,
    state: 'open',
    closedAt: null,
    closedBy: null,
    closedReason: null,
    remindedAt: null,
    outcome: null,
    ...overrides,
  };
}

const audit = (action: 'round.opened' | 'round.closed', roundId: string): NewAuditEntry => ({
  docId: 'd1',
  at: AT,
  actorId: 'u1',
  action,
  blockId: null,
  details: { roundId },
});

/** A new outbox row (the mail service's constructor), with `overrides` on top. */
function mail(id: string, overrides: Partial<StoredMail> = {}): StoredMail {
  const base = unsentMail(
    {
      id,
      key: `k-${id}`,
      userId: 'u1',
      docId: 'd1',
      kind: 'round.opened',
      to: 'u1@example.org',
      subject: 's',
      text: 't',
      html: '<p>t</p>',
      digestLine: 'line',
    },
    AT,
  );
  return { ...base, ...overrides };
}

export function roundAndMailStoreContract(factory: StoreFactory): void {
  describe(`RoundStore and MailStore contract (${factory.name})`, () => {
    let stores: Stores;
    storesPerTest(factory, { users: ['u1', 'u2'], docs: true, clock: false }, (s) => (stores = s));

    it('stores a round with its audit entry, lists newest first and open ones by deadline', async () => {
      await stores.rounds.create(round('r1'), audit('round.opened', 'r1'));
      await stores.rounds.create(round('r2', { deadline: '2030-01-02T00:00:00.000Z', sectionIds: null }), audit('round.opened', 'r2'));
      expect((await stores.rounds.list('d1')).map((r) => r.id)).toEqual(['r2', 'r1']);
      expect((await stores.rounds.listOpen()).map((r) => r.id)).toEqual(['r2', 'r1']);
      expect(await stores.rounds.get('d1', 'r1')).toEqual(round('r1'));
      expect((await stores.rounds.get('d1', 'r2'))!.sectionIds).toBeNull();
      expect(await stores.rounds.get('d2', 'r1')).toBeUndefined();
      expect((await stores.consensus.listAudit('d1')).map((e) => e.action)).toEqual(['round.opened', 'round.opened']);
      await expect(stores.rounds.create(round('r3', { docId: 'nope' }), { ...audit('round.opened', 'r3'), docId: 'nope' })).rejects.toThrow(
        StoreError,
      );
    });

    it('closes a round once, keeping its outcome, audited only when it closed', async () => {
      await stores.rounds.create(round('r1'), audit('round.opened', 'r1'));
      const closing = { closedAt: AT, closedBy: null, closedReason: 'deadline' as const, outcome: { blocks: 3, agreed: 1 } };
      const closed = await stores.rounds.close('d1', 'r1', closing, audit('round.closed', 'r1'));
      expect(closed).toMatchObject({ state: 'closed', closedReason: 'deadline', outcome: { blocks: 3, agreed: 1 } });
      expect(await stores.rounds.close('d1', 'r1', closing, audit('round.closed', 'r1'))).toBeUndefined();
      expect((await stores.consensus.listAudit('d1')).map((e) => e.action)).toEqual(['round.opened', 'round.closed']);
      expect(await stores.rounds.listOpen()).toEqual([]);
      expect(await stores.rounds.markReminded('d1', 'r1', AT)).toBe(false);
    });

    it('records a reminder once', async () => {
      await stores.rounds.create(round('r1'), audit('round.opened', 'r1'));
      expect(await stores.rounds.markReminded('d1', 'r1', AT)).toBe(true);
      expect(await stores.rounds.markReminded('d1', 'r1', AT)).toBe(false);
      expect((await stores.rounds.get('d1', 'r1'))!.remindedAt).toBe(AT);
    });

    it('queues a mail key once, lists due pending mail and moves it on', async () => {
      expect(await stores.mail.enqueue([mail('m1'), mail('m2', { nextAttemptAt: '2030-02-01T00:00:00.000Z' })])).toHaveLength(2);
      expect(await stores.mail.enqueue([mail('m3', { key: 'k-m1' })])).toEqual([]);
      expect((await stores.mail.due(AT, 10)).map((m) => m.id)).toEqual(['m1']);
      await stores.mail.update('m1', { state: 'sent', sentAt: AT, attempts: 1 });
      expect(await stores.mail.due('2030-03-01T00:00:00.000Z', 10)).toMatchObject([{ id: 'm2' }]);
      await stores.mail.update('m2', { state: 'failed', lastError: '550 no such user' });
      expect(await stores.mail.failed('d1', 10)).toMatchObject([{ id: 'm2', lastError: '550 no such user' }]);
      expect(await stores.mail.byKey('k-m1')).toMatchObject({ state: 'sent', attempts: 1 });
      await expect(stores.mail.enqueue([mail('m4', { key: 'x', userId: 'nobody' })])).rejects.toThrow(StoreError);
    });

    it('queues a mail addressed to an email with no account (an invitation), once per key', async () => {
      const invitation = mail('mi', { key: 'invitation:i1', userId: null, kind: 'invitation', to: 'nobody@example.org' });
      expect(await stores.mail.enqueue([invitation])).toHaveLength(1);
      expect(await stores.mail.enqueue([{ ...invitation, id: 'mi2' }])).toEqual([]);
      expect(await stores.mail.due(AT, 10)).toEqual([invitation]);
      await stores.mail.update('mi', { state: 'failed', lastError: '550 no such user' });
      expect(await stores.mail.failed('d1', 10)).toMatchObject([{ id: 'mi', userId: null, to: 'nobody@example.org' }]);
    });

    it('folds held mail into one digest atomically, once per key', async () => {
      await stores.mail.enqueue([mail('m1', { state: 'held' }), mail('m2', { state: 'held', docId: 'd2' })]);
      expect((await stores.mail.held(10)).map((m) => m.id)).toEqual(['m1', 'm2']);
      const digest = mail('dg', { key: 'digest:u1:m1', docId: null, kind: 'digest' });
      expect(await stores.mail.fold(digest, ['m1', 'm2'])).toBe(true);
      expect(await stores.mail.fold({ ...digest, id: 'dg2' }, ['m1'])).toBe(false);
      expect(await stores.mail.held(10)).toEqual([]);
      expect((await stores.mail.due(AT, 10)).map((m) => m.id)).toEqual(['dg']);
    });

    it('keeps one email preference per member and document', async () => {
      expect(await stores.mail.modes('u1')).toEqual(new Map());
      await stores.mail.setMode('u1', 'd1', 'every');
      await stores.mail.setMode('u1', 'd1', 'none');
      await stores.mail.setMode('u1', 'd2', 'digest');
      expect(await stores.mail.modes('u1')).toEqual(
        new Map([
          ['d1', 'none'],
          ['d2', 'digest'],
        ]),
      );
      expect(await stores.mail.modes('u2')).toEqual(new Map());
      await expect(stores.mail.setMode('u1', 'nope', 'none')).rejects.toThrow(StoreError);
    });

    it('writes an email preference and its audit entry together', async () => {
      const entry = (docId: string): NewAuditEntry => ({
        docId,
        at: AT,
        actorId: 'u1',
        action: 'email.changed',
        blockId: null,
        details: { email: 'none', previousEmail: 'digest' },
      });
      await stores.mail.setMode('u1', 'd1', 'none', entry('d1'));
      expect(await stores.mail.modes('u1')).toEqual(new Map([['d1', 'none']]));
      expect((await stores.consensus.listAudit('d1')).map((e) => [e.action, e.actorId, e.details])).toEqual([
        ['email.changed', 'u1', { email: 'none', previousEmail: 'digest' }],
      ]);
      // Refused (no such document): neither the preference nor its entry is stored.
      const before = await stores.consensus.lastAuditSeq();
      await expect(stores.mail.setMode('u1', 'nope', 'none', entry('nope'))).rejects.toThrow(StoreError);
      expect(await stores.consensus.lastAuditSeq()).toBe(before);
    });

    it('a deleted document takes its rounds, mail and preferences with it', async () => {
      await stores.rounds.create(round('r1'), audit('round.opened', 'r1'));
      await stores.mail.enqueue([mail('m1')]);
      await stores.mail.setMode('u1', 'd1', 'every');
      await stores.docs.deleteDoc('d1');
      expect(await stores.rounds.listOpen()).toEqual([]);
      expect(await stores.mail.due(AT, 10)).toEqual([]);
      expect(await stores.mail.modes('u1')).toEqual(new Map());
    });
  });
}
