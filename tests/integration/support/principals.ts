/**
 * Who may knock on the door in the access matrix: each role, a non-member, and
 * requests that must count as nobody (signed out, expired or revoked session,
 * a page from a foreign origin riding on a valid cookie).
 */
import type { Role, User } from '@concord/server/store/types';
import { hashToken } from '@concord/server/auth/sessions';
import type { TestServer } from '../../helpers/server.js';
import { TEST_PASSWORD, login } from '../../helpers/users.js';

const FOREIGN_ORIGIN = 'https://evil.example';

/** What one request carries: a cookie (maybe), an Origin header (maybe). */
export interface Credentials {
  cookie?: string;
  origin?: string;
}

export interface Principal {
  name: string;
  /** The account behind the credentials, if any (for presence checks). */
  user?: User;
  /** Fresh credentials for one attempt (expired and revoked sessions are made anew each time). */
  credentials(): Promise<Credentials>;
}

export const memberPrincipal = (name: Role, user: User, cookie: string): Principal => ({
  name,
  user,
  credentials: async () => ({ cookie }),
});

/** A real session of `user`, then pushed into the past in the store. */
export function expiredSession(server: TestServer, user: User): Principal {
  return {
    name: 'expired session',
    user,
    async credentials() {
      const cookie = await login(server, user.email, TEST_PASSWORD);
      const token = cookie.slice(cookie.indexOf('=') + 1);
      await server.services.stores.accounts.touchSession(hashToken(token), '2001-01-01T00:00:00.000Z');
      return { cookie };
    },
  };
}

/** A real session of `user`, signed out over HTTP before use. */
export function revokedSession(server: TestServer, user: User): Principal {
  return {
    name: 'revoked session',
    user,
    async credentials() {
      const cookie = await login(server, user.email, TEST_PASSWORD);
      const res = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie } });
      if (res.status !== 200) throw new Error(`logout failed: ${res.status}`);
      return { cookie };
    },
  };
}

/** A valid session of `user`, sent by a page on another site. */
export function foreignOrigin(user: User, cookie: string): Principal {
  return { name: 'foreign Origin', user, credentials: async () => ({ cookie, origin: FOREIGN_ORIGIN }) };
}

export const signedOut: Principal = { name: 'signed-out', credentials: async () => ({}) };

/** An HTTP request with exactly these credentials; returns status and parsed body. */
export async function request(
  server: TestServer,
  creds: Credentials,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (creds.cookie) headers.cookie = creds.cookie;
  if (creds.origin) headers.origin = creds.origin;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed };
}
