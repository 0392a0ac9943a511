/** AccountStore contract: users (unique, case-insensitive email) and server-side sessions. */
import { beforeEach, describe, expect, it } from 'vitest';
import { StoreError, type AccountStore, type Session } from '../../src/store/types.js';
import { storesPerTest, T0, type StoreFactory } from './factory.js';

const userInput = (id: string, email: string, name = `Name of ${id}`) => ({
  id,
  email,
  name,
  color: '#123456',
  passwordHash: `hash-of-${id}`,
});

const session = (tokenHash: string, userId: string, expiresAt = '2030-02-01T00:00:00.000Z'): Session => ({
  tokenHash,
  userId,
  createdAt: T0.toISOString(),
  expiresAt,
});

export function accountStoreContract(factory: StoreFactory): void {
  describe(`AccountStore contract (${factory.name})`, () => {
    let accounts: AccountStore;

    storesPerTest(factory, {}, (s) => (accounts = s.accounts));

    describe('users', () => {
      it('creates a user with a lower-cased email and never returns the hash with the public record', async () => {
        const user = await accounts.createUser(userInput('u1', 'Ada@Example.ORG', 'Ada'));
        expect(user).toEqual({ id: 'u1', email: 'ada@example.org', name: 'Ada', color: '#123456', createdAt: T0.toISOString() });
        expect(await accounts.getUser('u1')).toEqual(user);
        expect(Object.keys((await accounts.getUser('u1'))!)).not.toContain('passwordHash');
        expect((await accounts.listUsers()).every((u) => !('passwordHash' in u))).toBe(true);
      });

      it('finds a user by email whatever the case, with the password hash', async () => {
        await accounts.createUser(userInput('u1', 'ada@example.org'));
        for (const email of ['ada@example.org', 'ADA@EXAMPLE.ORG', 'Ada@Example.Org']) {
          expect(await accounts.getUserByEmail(email)).toMatchObject({ id: 'u1', email: 'ada@example.org', passwordHash: 'hash-of-u1' });
        }
        expect(await accounts.getUserByEmail('bob@example.org')).toBeUndefined();
        expect(await accounts.getUser('nobody')).toBeUndefined();
      });

      it('refuses a second user with the same email in any case', async () => {
        await accounts.createUser(userInput('u1', 'ada@example.org'));
        const err = await accounts.createUser(userInput('u2', 'ADA@example.org')).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreError);
        expect((err as StoreError).reason).toBe('conflict');
        expect(await accounts.getUser('u2')).toBeUndefined();
        expect(await accounts.listUsers()).toHaveLength(1);
      });

      it('refuses a second user with the same id', async () => {
        await accounts.createUser(userInput('u1', 'ada@example.org'));
        await expect(accounts.createUser(userInput('u1', 'bob@example.org'))).rejects.toBeInstanceOf(StoreError);
        expect(await accounts.getUserByEmail('bob@example.org')).toBeUndefined();
      });

      it('lists users by email', async () => {
        await accounts.createUser(userInput('u1', 'carol@example.org'));
        await accounts.createUser(userInput('u2', 'ada@example.org'));
        await accounts.createUser(userInput('u3', 'bob@example.org'));
        expect((await accounts.listUsers()).map((u) => u.email)).toEqual(['ada@example.org', 'bob@example.org', 'carol@example.org']);
      });

      it('changes a password hash, and says when the user does not exist', async () => {
        await accounts.createUser(userInput('u1', 'ada@example.org'));
        expect(await accounts.setPasswordHash('u1', 'new-hash')).toBe(true);
        expect((await accounts.getUserByEmail('ada@example.org'))!.passwordHash).toBe('new-hash');
        expect(await accounts.setPasswordHash('nobody', 'x')).toBe(false);
      });

      it('replaces a hash only while it is still the expected one (a sign-in re-hashing after a change)', async () => {
        await accounts.createUser(userInput('u1', 'ada@example.org'));
        const original = (await accounts.getUserByEmail('ada@example.org'))!.passwordHash;
        expect(await accounts.setPasswordHash('u1', 'stronger', original)).toBe(true);
        expect((await accounts.getUserByEmail('ada@example.org'))!.passwordHash).toBe('stronger');
        // Changed meanwhile: the re-hash of the old password is not written.
        expect(await accounts.setPasswordHash('u1', 'rehash-of-old', original)).toBe(false);
        expect((await accounts.getUserByEmail('ada@example.org'))!.passwordHash).toBe('stronger');
        expect(await accounts.setPasswordHash('nobody', 'x', 'y')).toBe(false);
      });
    });

    describe('sessions', () => {
      beforeEach(async () => {
        await accounts.createUser(userInput('u1', 'ada@example.org'));
        await accounts.createUser(userInput('u2', 'bob@example.org'));
      });

      it('creates and reads a session', async () => {
        await accounts.createSession(session('h1', 'u1'));
        expect(await accounts.getSession('h1')).toEqual(session('h1', 'u1'));
        expect(await accounts.getSession('unknown')).toBeUndefined();
      });

      it('refuses a session for an unknown user', async () => {
        const err = await accounts.createSession(session('h1', 'nobody')).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreError);
        expect(await accounts.getSession('h1')).toBeUndefined();
      });

      it('slides the expiry when touched', async () => {
        await accounts.createSession(session('h1', 'u1'));
        await accounts.touchSession('h1', '2030-03-01T00:00:00.000Z');
        expect((await accounts.getSession('h1'))!.expiresAt).toBe('2030-03-01T00:00:00.000Z');
        // Touching an unknown session creates nothing.
        await accounts.touchSession('unknown', '2030-03-01T00:00:00.000Z');
        expect(await accounts.getSession('unknown')).toBeUndefined();
      });

      it('revokes one session', async () => {
        await accounts.createSession(session('h1', 'u1'));
        await accounts.createSession(session('h2', 'u1'));
        await accounts.revokeSession('h1');
        expect(await accounts.getSession('h1')).toBeUndefined();
        expect(await accounts.getSession('h2')).toBeDefined();
        await accounts.revokeSession('h1'); // idempotent
      });

      it("revokes all of one user's sessions and nobody else's", async () => {
        await accounts.createSession(session('h1', 'u1'));
        await accounts.createSession(session('h2', 'u1'));
        await accounts.createSession(session('h3', 'u2'));
        expect(await accounts.revokeUserSessions('u1')).toBe(2);
        expect(await accounts.getSession('h1')).toBeUndefined();
        expect(await accounts.getSession('h2')).toBeUndefined();
        expect(await accounts.getSession('h3')).toBeDefined();
        expect(await accounts.revokeUserSessions('u1')).toBe(0);
      });
    });
  });
}
