/**
 * Issue 12, Low items on accounts and paths, over real HTTP: the password-change
 * endpoint has an attempt limit and re-issues a cookie as complete as sign-in's;
 * common passwords are refused; malformed percent-encoding in a static path is
 * a 400. Member additions that could list accounts: tests/integration/invitations.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { signedInUser, TEST_PASSWORD } from '../../helpers/users.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => server?.dispose());

async function changePassword(cookie: string, currentPassword: string, newPassword: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/me/password`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ currentPassword, newPassword }),
  });
}

describe('account and path hardening (issue 12, Low)', () => {
  it('ten wrong current passwords, then even the right one is 429', async () => {
    const { cookie } = await signedInUser(server, 'Guessed');
    for (let i = 0; i < 10; i++) expect((await changePassword(cookie, `guess ${i}`, 'a fresh passphrase')).status).toBe(400);
    const blocked = await changePassword(cookie, TEST_PASSWORD, 'a fresh passphrase');
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('the cookie re-issued on a password change is Secure (behind https) and has Max-Age, like sign-in', async () => {
    const { cookie } = await signedInUser(server, 'Changer');
    const res = await changePassword(cookie, TEST_PASSWORD, 'another fresh passphrase', { 'x-forwarded-proto': 'https' });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/; Secure/i);
    expect(setCookie).toMatch(/; Max-Age=\d+/i);
    expect(setCookie).toMatch(/; HttpOnly/i);
  });

  it('common passwords are refused', async () => {
    const { cookie } = await signedInUser(server, 'Weak');
    for (const weak of ['password123', 'qwertyuiop', 'Iloveyou1']) {
      const res = await changePassword(cookie, TEST_PASSWORD, weak);
      expect(res.status, weak).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('common');
    }
  });

  it('malformed percent-encoding in a static path is 400, not 500', async () => {
    for (const path of ['/%E0%A4%A', '/assets/%', '/%ZZ']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(400);
    }
  });
});
