/** A session written straight into the store (before the server starts), as a cookie header value. */
import { randomBytes } from 'node:crypto';
import { hashToken, SESSION_COOKIE } from '@concord/server/auth/sessions';
import type { Stores } from '@concord/server/store/types';

const DAY_MS = 86_400_000;

export async function seededSessionCookie(accounts: Stores['accounts'], userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  await accounts.createSession({
    tokenHash: hashToken(token),
    userId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + DAY_MS).toISOString(),
  });
  return `${SESSION_COOKIE}=${token}`;
}
