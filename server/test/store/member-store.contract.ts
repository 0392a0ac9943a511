/** MemberStore contract: one role per member per document; members go with their document. */
import { describe, expect, it, vi } from 'vitest';
import { StoreError, type Member, type Stores } from '../../src/store/types.js';
import { storesPerTest, T0, type StoreFactory } from './factory.js';

const byUser = (members: Member[]) => [...members].sort((a, b) => a.userId.localeCompare(b.userId));

export function memberStoreContract(factory: StoreFactory): void {
  describe(`MemberStore contract (${factory.name})`, () => {
    let stores: Stores;
    const advance = (ms = 1000) => vi.setSystemTime(new Date(Date.now() + ms));

    storesPerTest(factory, { users: ['u1', 'u2', 'u3'], docs: true }, (s) => (stores = s));

    it('adds a member with a role', async () => {
      const m = await stores.members.setMember('d1', 'u1', 'author');
      expect(m).toEqual({ docId: 'd1', userId: 'u1', role: 'author', addedAt: T0.toISOString() });
      expect(await stores.members.roleOf('d1', 'u1')).toBe('author');
      expect(await stores.members.listMembers('d1')).toEqual([m]);
    });

    it('changes a role in place, keeping when the member was added', async () => {
      await stores.members.setMember('d1', 'u1', 'commissioner');
      advance();
      const changed = await stores.members.setMember('d1', 'u1', 'observer');
      expect(changed).toEqual({ docId: 'd1', userId: 'u1', role: 'observer', addedAt: T0.toISOString() });
      expect(await stores.members.listMembers('d1')).toEqual([changed]);
    });

    it('keeps one role per document: the same user can hold different roles on different documents', async () => {
      await stores.members.setMember('d1', 'u1', 'author');
      await stores.members.setMember('d2', 'u1', 'observer');
      expect(await stores.members.roleOf('d1', 'u1')).toBe('author');
      expect(await stores.members.roleOf('d2', 'u1')).toBe('observer');
      expect((await stores.members.docIdsOf('u1')).sort()).toEqual(['d1', 'd2']);
    });

    it('lists the members of one document only', async () => {
      await stores.members.setMember('d1', 'u1', 'author');
      await stores.members.setMember('d1', 'u2', 'commissioner');
      await stores.members.setMember('d2', 'u3', 'publisher');
      expect(byUser(await stores.members.listMembers('d1')).map((m) => [m.userId, m.role])).toEqual([
        ['u1', 'author'],
        ['u2', 'commissioner'],
      ]);
      expect((await stores.members.listMembers('d2')).map((m) => m.userId)).toEqual(['u3']);
      expect(await stores.members.listMembers('nope')).toEqual([]);
    });

    it('removes a member, and says whether there was one', async () => {
      await stores.members.setMember('d1', 'u1', 'author');
      await stores.members.setMember('d1', 'u2', 'commissioner');
      expect(await stores.members.removeMember('d1', 'u2')).toBe(true);
      expect(await stores.members.roleOf('d1', 'u2')).toBeUndefined();
      expect((await stores.members.listMembers('d1')).map((m) => m.userId)).toEqual(['u1']);
      expect(await stores.members.removeMember('d1', 'u2')).toBe(false);
      expect(await stores.members.docIdsOf('u2')).toEqual([]);
    });

    it('answers roleOf and docIdsOf for strangers with nothing', async () => {
      expect(await stores.members.roleOf('d1', 'u1')).toBeUndefined();
      expect(await stores.members.roleOf('nope', 'u1')).toBeUndefined();
      expect(await stores.members.docIdsOf('u1')).toEqual([]);
      expect(await stores.members.docIdsOf('nobody')).toEqual([]);
    });

    it('refuses members of unknown documents or unknown users', async () => {
      await expect(stores.members.setMember('nope', 'u1', 'author')).rejects.toBeInstanceOf(StoreError);
      await expect(stores.members.setMember('d1', 'nobody', 'author')).rejects.toBeInstanceOf(StoreError);
      expect(await stores.members.docIdsOf('u1')).toEqual([]);
      expect(await stores.members.listMembers('d1')).toEqual([]);
    });

    it('forgets the members of a deleted document', async () => {
      await stores.members.setMember('d1', 'u1', 'author');
      await stores.members.setMember('d1', 'u2', 'commissioner');
      await stores.members.setMember('d2', 'u1', 'observer');
      await stores.docs.deleteDoc('d1');
      expect(await stores.members.listMembers('d1')).toEqual([]);
      expect(await stores.members.roleOf('d1', 'u1')).toBeUndefined();
      expect(await stores.members.docIdsOf('u1')).toEqual(['d2']);
      expect(await stores.members.docIdsOf('u2')).toEqual([]);
      // A new document that happens to reuse the id starts without members.
      await stores.docs.createDoc({ id: 'd1', title: 'Again' });
      expect(await stores.members.listMembers('d1')).toEqual([]);
    });
  });
}
