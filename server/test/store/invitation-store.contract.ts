/**
 * MemberStore contract, invitations (issue 12): an existing account invited is a
 * member at once, marked invited until it accepts; an email with no account waits
 * as a pending invitation until that account claims it. Each change with its
 * audit entry, and a new invitation with its email (a transactional outbox), in
 * one transaction.
 */
import { describe, expect, it, vi } from 'vitest';
import { StoreError, type NewAuditEntry, type Stores } from '../../src/store/types.js';
import type { StoredMail } from '../../src/store/mail-types.js';
import { unsentMail } from '../../src/mail/unsent-mail.js';
import { storesPerTest, T0, type StoreFactory } from './factory.js';

const entry = (action: NewAuditEntry['action'], details: Record<string, unknown>): NewAuditEntry => ({
  docId: 'd1',
  at: T0.toISOString(),
  actorId: 'u1',
  action,
  blockId: null,
  details,
});

/** An invitation's email as the mail service makes it (mail-service.ts, invitationRow). */
const invitationMail = (invitationId: string, to: string, docId = 'd1'): StoredMail =>
  unsentMail(
    {
      id: `m-${invitationId}`,
      key: `invitation:${invitationId}`,
      userId: null,
      docId,
      kind: 'invitation',
      to,
      subject: 'You are invited',
      text: 'text',
      html: '<p>html</p>',
    },
    T0.toISOString(),
  );

export function invitationStoreContract(factory: StoreFactory): void {
  describe(`MemberStore invitations contract (${factory.name})`, () => {
    let stores: Stores;
    const advance = (ms = 1000) => vi.setSystemTime(new Date(Date.now() + ms));
    const audited = async () => (await stores.consensus.listAudit('d1')).map((e) => [e.action, e.details.invitationId]);

    storesPerTest(factory, { users: ['u1', 'u2', 'u3'], docs: true }, (s) => (stores = s));

    it('an invited account is a member at once, marked invited until it accepts', async () => {
      const made = await stores.members.inviteMember(
        'd1',
        'u2',
        'commissioner',
        { id: 'i1', email: 'U2@Example.org' },
        entry('member.invited', { invitationId: 'i1' }),
      );
      const invited = {
        docId: 'd1',
        userId: 'u2',
        role: 'commissioner',
        addedAt: T0.toISOString(),
        invitation: { id: 'i1', email: 'U2@Example.org' },
      };
      expect(made).toEqual(invited);
      expect(await stores.members.getMember('d1', 'u2')).toEqual(invited);
      expect(await stores.members.listMembers('d1')).toEqual([invited]);
      expect(await stores.members.roleOf('d1', 'u2')).toBe('commissioner');
      expect(await stores.members.docIdsOf('u2')).toEqual(['d1']);
      expect(await stores.members.findInvitation('d1', 'i1')).toEqual({
        id: 'i1',
        docId: 'd1',
        email: 'U2@Example.org',
        role: 'commissioner',
        invitedAt: T0.toISOString(),
        userId: 'u2',
      });
      expect(await stores.members.findInvitation('d2', 'i1')).toBeUndefined();

      expect(await stores.members.acceptInvitation('d1', 'u2', entry('member.joined', { invitationId: 'i1' }))).toBe(true);
      const accepted = await stores.members.getMember('d1', 'u2');
      expect(accepted).toEqual({ docId: 'd1', userId: 'u2', role: 'commissioner', addedAt: T0.toISOString() });
      expect(accepted?.invitation).toBeUndefined();
      expect(await stores.members.findInvitation('d1', 'i1')).toBeUndefined();
      // Nothing left to accept: no second entry.
      expect(await stores.members.acceptInvitation('d1', 'u2', entry('member.joined', { invitationId: 'again' }))).toBe(false);
      expect(await stores.members.acceptInvitation('d1', 'u3', entry('member.joined', { invitationId: 'stranger' }))).toBe(false);
      expect(await audited()).toEqual([
        ['member.invited', 'i1'],
        ['member.joined', 'i1'],
      ]);
    });

    it('a role change keeps the invitation; removing the member ends it', async () => {
      await stores.members.inviteMember('d1', 'u2', 'observer', { id: 'i1', email: 'u2@example.org' });
      const changed = await stores.members.setMember('d1', 'u2', 'author');
      expect(changed.invitation).toEqual({ id: 'i1', email: 'u2@example.org' });
      expect(changed.role).toBe('author');
      expect(await stores.members.removeMember('d1', 'u2')).toBe(true);
      expect(await stores.members.findInvitation('d1', 'i1')).toBeUndefined();
    });

    it('refuses inviting someone who is a member already, and unknown documents or users, writing nothing', async () => {
      await stores.members.setMember('d1', 'u2', 'observer');
      const refused = stores.members.inviteMember(
        'd1',
        'u2',
        'author',
        { id: 'i1', email: 'u2@example.org' },
        entry('member.invited', { invitationId: 'i1' }),
      );
      await expect(refused).rejects.toMatchObject({ reason: 'conflict' });
      await expect(stores.members.inviteMember('nope', 'u2', 'author', { id: 'i2', email: 'x@y.z' })).rejects.toBeInstanceOf(StoreError);
      await expect(stores.members.inviteMember('d1', 'nobody', 'author', { id: 'i3', email: 'x@y.z' })).rejects.toBeInstanceOf(StoreError);
      await expect(
        stores.members.putInvitation({ id: 'i4', docId: 'nope', email: 'x@y.z', role: 'observer', invitedAt: T0.toISOString() }),
      ).rejects.toBeInstanceOf(StoreError);
      expect(await stores.members.getMember('d1', 'u2')).toEqual({
        docId: 'd1',
        userId: 'u2',
        role: 'observer',
        addedAt: T0.toISOString(),
      });
      expect(await audited()).toEqual([]);
    });

    it('keeps one pending invitation per document and email (any case): another id keeps it as it is; its own id changes its role', async () => {
      const first = { id: 'i1', docId: 'd1', email: 'New.Person@Example.org', role: 'observer' as const, invitedAt: T0.toISOString() };
      expect(await stores.members.putInvitation(first, entry('member.invited', { invitationId: 'i1' }))).toEqual(first);
      advance();
      // A second invitation of the email at once (the race the service answers as a re-invitation): nothing changes, no entry.
      const raced = await stores.members.putInvitation(
        { id: 'i2', docId: 'd1', email: 'new.person@example.org', role: 'author', invitedAt: new Date().toISOString() },
        entry('member.invited', { invitationId: 'i2' }),
      );
      expect(raced).toEqual(first);
      const again = await stores.members.putInvitation({ ...first, role: 'author' }, entry('invitation.changed', { invitationId: 'i1' }));
      expect(again).toEqual({ ...first, role: 'author' });
      expect(await stores.members.listInvitations('d1')).toEqual([again]);
      expect(await stores.members.invitationForEmail('d1', ' NEW.PERSON@example.ORG ')).toEqual(again);
      expect(await stores.members.invitationForEmail('d2', 'new.person@example.org')).toBeUndefined();
      expect(await stores.members.findInvitation('d1', 'i1')).toEqual({ ...again, userId: null });
      expect(await stores.members.findInvitation('d1', 'i2')).toBeUndefined();
      // The same email may be invited to another document.
      await stores.members.putInvitation({ ...first, id: 'i3', docId: 'd2' });
      expect((await stores.members.listInvitations('d2')).map((i) => i.id)).toEqual(['i3']);
      expect(await audited()).toEqual([
        ['member.invited', 'i1'],
        ['invitation.changed', 'i1'],
      ]);
    });

    it("writes a new invitation's email with it, and none for an invitation not stored", async () => {
      const outbox = async (...ids: string[]) =>
        Promise.all(ids.map(async (id) => (await stores.mail.byKey(`invitation:${id}`))?.state ?? 'none'));
      // Either kind: stored together.
      await stores.members.inviteMember(
        'd1',
        'u2',
        'observer',
        { id: 'i1', email: 'u2@example.org' },
        entry('member.invited', { invitationId: 'i1' }),
        invitationMail('i1', 'u2@example.org'),
      );
      const pending = { id: 'i2', docId: 'd1', email: 'new@example.org', role: 'observer' as const, invitedAt: T0.toISOString() };
      await stores.members.putInvitation(pending, entry('member.invited', { invitationId: 'i2' }), invitationMail('i2', 'new@example.org'));
      expect(await stores.mail.byKey('invitation:i2')).toEqual(invitationMail('i2', 'new@example.org'));
      // Not stored, so no email: the member exists already (conflict), or another invitation of the email won the race.
      const refused = stores.members.inviteMember(
        'd1',
        'u2',
        'author',
        { id: 'i3', email: 'u2@example.org' },
        entry('member.invited', { invitationId: 'i3' }),
        invitationMail('i3', 'u2@example.org'),
      );
      await expect(refused).rejects.toMatchObject({ reason: 'conflict' });
      const raced = await stores.members.putInvitation(
        { ...pending, id: 'i4', email: 'NEW@example.org' },
        entry('member.invited', { invitationId: 'i4' }),
        invitationMail('i4', 'NEW@example.org'),
      );
      expect(raced.id).toBe('i2');
      expect(await outbox('i1', 'i2', 'i3', 'i4')).toEqual(['pending', 'pending', 'none', 'none']);
      // An email that cannot be written (its document is unknown): neither is stored, nor audited.
      await expect(
        stores.members.inviteMember(
          'd1',
          'u3',
          'observer',
          { id: 'i5', email: 'u3@example.org' },
          entry('member.invited', { invitationId: 'i5' }),
          invitationMail('i5', 'u3@example.org', 'nope'),
        ),
      ).rejects.toBeInstanceOf(StoreError);
      await expect(
        stores.members.putInvitation(
          { ...pending, id: 'i6', email: 'other@example.org' },
          entry('member.invited', { invitationId: 'i6' }),
          invitationMail('i6', 'other@example.org', 'nope'),
        ),
      ).rejects.toBeInstanceOf(StoreError);
      expect(await stores.members.getMember('d1', 'u3')).toBeUndefined();
      expect(await stores.members.invitationForEmail('d1', 'other@example.org')).toBeUndefined();
      expect(await outbox('i5', 'i6')).toEqual(['none', 'none']);
      expect(await audited()).toEqual([
        ['member.invited', 'i1'],
        ['member.invited', 'i2'],
      ]);
    });

    it('lists pending invitations oldest first; removes one, audited only if it was there', async () => {
      await stores.members.putInvitation({ id: 'i2', docId: 'd1', email: 'b@x.org', role: 'observer', invitedAt: T0.toISOString() });
      advance();
      await stores.members.putInvitation({
        id: 'i1',
        docId: 'd1',
        email: 'a@x.org',
        role: 'observer',
        invitedAt: new Date().toISOString(),
      });
      expect((await stores.members.listInvitations('d1')).map((i) => i.id)).toEqual(['i2', 'i1']);
      expect(await stores.members.removeInvitation('d1', 'i2', entry('invitation.revoked', { invitationId: 'i2' }))).toBe(true);
      expect(await stores.members.removeInvitation('d1', 'i2', entry('invitation.revoked', { invitationId: 'twice' }))).toBe(false);
      expect(await stores.members.removeInvitation('d2', 'i1', entry('invitation.revoked', { invitationId: 'other doc' }))).toBe(false);
      expect((await stores.members.listInvitations('d1')).map((i) => i.id)).toEqual(['i1']);
      expect(await audited()).toEqual([['invitation.revoked', 'i2']]);
    });

    it('a new account claims the invitations for its email: memberships still marked invited, same id, email and time', async () => {
      await stores.members.putInvitation({
        id: 'i1',
        docId: 'd1',
        email: 'Newcomer@Example.org',
        role: 'commissioner',
        invitedAt: T0.toISOString(),
      });
      await stores.members.putInvitation({
        id: 'i2',
        docId: 'd2',
        email: 'newcomer@example.org',
        role: 'observer',
        invitedAt: T0.toISOString(),
      });
      await stores.members.putInvitation({
        id: 'i3',
        docId: 'd1',
        email: 'someone.else@example.org',
        role: 'observer',
        invitedAt: T0.toISOString(),
      });
      advance(60_000);
      await stores.accounts.createUser({ id: 'u9', email: 'newcomer@example.org', name: 'New', color: '#000000', passwordHash: 'x' });
      const made = await stores.members.claimInvitations('u9', 'newcomer@example.org');
      expect([...made].sort((a, b) => a.docId.localeCompare(b.docId))).toEqual([
        {
          docId: 'd1',
          userId: 'u9',
          role: 'commissioner',
          addedAt: T0.toISOString(),
          invitation: { id: 'i1', email: 'Newcomer@Example.org' },
        },
        { docId: 'd2', userId: 'u9', role: 'observer', addedAt: T0.toISOString(), invitation: { id: 'i2', email: 'newcomer@example.org' } },
      ]);
      expect((await stores.members.docIdsOf('u9')).sort()).toEqual(['d1', 'd2']);
      expect(await stores.members.listInvitations('d2')).toEqual([]);
      expect((await stores.members.listInvitations('d1')).map((i) => i.id)).toEqual(['i3']);
      expect(await stores.members.findInvitation('d1', 'i1')).toMatchObject({ userId: 'u9', role: 'commissioner' });
      // Claimed once: a second claim (the next sign-in) finds nothing.
      expect(await stores.members.claimInvitations('u9', 'newcomer@example.org')).toEqual([]);
    });

    it('a claim keeps a membership the account already has, and still takes the invitation', async () => {
      await stores.members.setMember('d1', 'u2', 'author');
      await stores.members.putInvitation({ id: 'i1', docId: 'd1', email: 'u2@example.org', role: 'observer', invitedAt: T0.toISOString() });
      expect(await stores.members.claimInvitations('u2', 'u2@example.org')).toEqual([]);
      expect(await stores.members.getMember('d1', 'u2')).toEqual({ docId: 'd1', userId: 'u2', role: 'author', addedAt: T0.toISOString() });
      expect(await stores.members.listInvitations('d1')).toEqual([]);
    });

    it('forgets the invitations of a deleted document', async () => {
      await stores.members.putInvitation({ id: 'i1', docId: 'd1', email: 'a@x.org', role: 'observer', invitedAt: T0.toISOString() });
      await stores.members.inviteMember('d1', 'u2', 'observer', { id: 'i2', email: 'u2@example.org' });
      await stores.docs.deleteDoc('d1');
      expect(await stores.members.listInvitations('d1')).toEqual([]);
      expect(await stores.members.findInvitation('d1', 'i1')).toBeUndefined();
      expect(await stores.members.findInvitation('d1', 'i2')).toBeUndefined();
      await stores.docs.createDoc({ id: 'd1', title: 'Again' });
      expect(await stores.members.invitationForEmail('d1', 'a@x.org')).toBeUndefined();
    });
  });
}
