/**
 * Password hashes record their own cost. The product hashes every new password
 * at full cost; the test suite's fixture users carry a cheap hash made once
 * (tests/helpers/users.ts), which signs in because verification uses the cost
 * recorded in the stored hash, not the current one.
 */
import { describe, expect, it } from 'vitest';
import { addUser, setPassword } from '../../src/auth/accounts.js';
import { hashPassword, isBelowCost, parsePasswordHash, PASSWORD_COST, verifyPassword } from '../../src/auth/password.js';
import { MemoryAccountStore } from '../../src/store/memory-account-store.js';

const PASSWORD = 'a password of some length';

async function storedHash(accounts: MemoryAccountStore, email: string): Promise<string> {
  const user = await accounts.getUserByEmail(email);
  if (!user) throw new Error(`no user ${email}`);
  return user.passwordHash;
}

describe('password hashes', () => {
  it('the product hashes at scrypt N = 2^15, r = 8, p = 1', () => {
    expect(PASSWORD_COST).toEqual({ N: 2 ** 15, r: 8, p: 1 });
  });

  // Four full-cost hashes: under half a second alone, several seconds each on a loaded 2-core machine.
  it('every new password is stored at full cost: a new account and a changed password', { timeout: 60_000 }, async () => {
    const accounts = new MemoryAccountStore();
    const user = await addUser(accounts, { email: 'ada@example.org', name: 'Ada', password: PASSWORD });
    const created = parsePasswordHash(await storedHash(accounts, 'ada@example.org'));
    expect(created?.cost).toEqual(PASSWORD_COST);
    expect(created?.salt).toHaveLength(16);
    expect(created?.key).toHaveLength(32);

    await setPassword(accounts, user.id, 'another password entirely');
    const changed = await storedHash(accounts, 'ada@example.org');
    expect(parsePasswordHash(changed)?.cost).toEqual(PASSWORD_COST);
    expect(await verifyPassword('another password entirely', changed)).toBe(true);
    expect(await verifyPassword(PASSWORD, changed)).toBe(false);
  });

  it('verifies a hash at the cost it records, not the current one', async () => {
    const cheap = await hashPassword(PASSWORD, { N: 2 ** 4, r: 1, p: 1 });
    expect(cheap.startsWith('scrypt$16$1$1$')).toBe(true);
    expect(await verifyPassword(PASSWORD, cheap)).toBe(true);
    expect(await verifyPassword('not the password', cheap)).toBe(false);
    // The same key read at another cost is another key.
    expect(await verifyPassword(PASSWORD, cheap.replace('scrypt$16$', 'scrypt$32$'))).toBe(false);
  });

  it('a hash below the current cost in any parameter, or with a shorter key, is re-hashed at sign-in; one at or above is not', () => {
    const salt = Buffer.alloc(16, 1).toString('base64url');
    const key = (bytes = 32) => Buffer.alloc(bytes, 2).toString('base64url');
    const stored = (N: number, r: number, p: number, k = key()) => ['scrypt', N, r, p, salt, k].join('$');
    expect(isBelowCost(stored(2 ** 15, 8, 1))).toBe(false);
    expect(isBelowCost(stored(2 ** 16, 8, 2))).toBe(false);
    expect(isBelowCost(stored(2 ** 14, 8, 1))).toBe(true);
    expect(isBelowCost(stored(2 ** 10, 8, 1))).toBe(true); // the test fixtures'
    expect(isBelowCost(stored(2 ** 16, 4, 1))).toBe(true);
    expect(isBelowCost(stored(2 ** 15, 8, 1, key(16)))).toBe(true);
    expect(isBelowCost(stored(2 ** 10, 8, 1), { N: 2 ** 10, r: 8, p: 1 })).toBe(false);
    expect(isBelowCost('not a hash')).toBe(false);
  });

  it('a malformed stored hash never verifies (and never throws)', async () => {
    const good = await hashPassword(PASSWORD, { N: 2 ** 4, r: 1, p: 1 });
    const [, , , , salt, key] = good.split('$');
    for (const stored of [
      '',
      'bcrypt$12$whatever',
      `scrypt$15$1$1$${salt}$${key}`, // N not a power of two
      `scrypt$16$0$1$${salt}$${key}`,
      `scrypt$16$1$x$${salt}$${key}`,
      `scrypt$16$1$1$${salt}$`,
      `${good}$extra`,
    ]) {
      expect(parsePasswordHash(stored), stored).toBeUndefined();
      expect(await verifyPassword(PASSWORD, stored), stored).toBe(false);
    }
  });
});
