/**
 * A password stored at a lower scrypt cost than today's (an older default; here
 * the test fixtures' cheap hash) is hashed again at today's cost when its owner
 * signs in — over real HTTP, on a server with the product's cost — and nothing
 * else changes for them: the same password works, their other sessions stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePasswordHash, PASSWORD_COST, verifyPassword } from '@concord/server/auth/password';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, createUser, FIXTURE_COST, login, TEST_PASSWORD } from '../helpers/users.js';
import { seededSessionCookie } from '../helpers/sessions.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: { passwordCost: PASSWORD_COST } });
});
afterAll(() => server?.dispose());

const storedHash = async (email: string) => (await server.services.stores.accounts.getUserByEmail(email))!.passwordHash;

// Full-cost hashes: a fraction of a second alone, seconds on a loaded 2-core machine.
describe('re-hashing weaker passwords on sign-in', { timeout: 60_000 }, () => {
  it('a successful sign-in raises a cheaper hash to the current cost, once; the person notices nothing', async () => {
    const user = await createUser(server, 'Olde Hash');
    const before = await storedHash(user.email);
    expect(parsePasswordHash(before)?.cost).toEqual(FIXTURE_COST);
    const earlierSession = await seededSessionCookie(server.services.stores.accounts, user.id);

    const cookie = await login(server, user.email);
    const after = await storedHash(user.email);
    expect(after).not.toBe(before);
    expect(parsePasswordHash(after)?.cost).toEqual(PASSWORD_COST);
    expect(await verifyPassword(TEST_PASSWORD, after)).toBe(true);
    // Transparent: both sessions work, the same password signs in again, and is not re-hashed again.
    expect((await api(server, cookie, 'GET', '/api/me')).status).toBe(200);
    expect((await api(server, earlierSession, 'GET', '/api/me')).status).toBe(200);
    await login(server, user.email);
    expect(await storedHash(user.email)).toBe(after);
  });

  it('a wrong password changes nothing', async () => {
    const user = await createUser(server, 'Wrong Guess');
    const before = await storedHash(user.email);
    const res = await api(server, undefined, 'POST', '/api/auth/login', { email: user.email, password: 'not the password' });
    expect(res.status).toBe(401);
    expect(await storedHash(user.email)).toBe(before);
  });
});
