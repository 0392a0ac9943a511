/** Sign-in, sign-out, who am I, change my password. */
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { SESSION_COOKIE } from '../auth/sessions.js';
import { dummyPasswordHash, verifyPassword } from '../auth/password.js';
import { setPassword } from '../auth/accounts.js';
import type { AppEnv } from './context.js';
import { badRequest, rateLimited, readJson, requireUserOr401, unauthorized } from './route-helpers.js';
import type { Context } from 'hono';

export const loginBody = z.object({ email: z.string().min(1).max(254), password: z.string().min(1).max(1024) });
export const passwordBody = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) });

const WRONG = 'wrong email or password';

export const authRoutes = new Hono<AppEnv>()
  .post('/auth/login', async (c) => {
    const { stores, loginLimiter } = c.get('services');
    const parsed = loginBody.safeParse(await readJson(c));
    if (!parsed.success) throw badRequest('email and password are required');
    const email = parsed.data.email.trim().toLowerCase();
    const address = clientAddress(c);
    if (loginLimiter.byEmail.isBlocked(email) || loginLimiter.byAddress.isBlocked(address)) {
      const waitMs = Math.max(loginLimiter.byEmail.msUntilUnblocked(email), loginLimiter.byAddress.msUntilUnblocked(address));
      throw rateLimited('too many sign-in attempts; wait a few minutes', waitMs / 1000);
    }
    const user = await stores.accounts.getUserByEmail(email);
    // Compare against a dummy hash for unknown emails so timing does not reveal who exists.
    const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !ok) {
      loginLimiter.byEmail.fail(email);
      loginLimiter.byAddress.fail(address);
      throw unauthorized(WRONG);
    }
    loginLimiter.byEmail.reset(email);
    await startSession(c, user.id);
    return c.json({ user: { id: user.id, email: user.email, name: user.name, color: user.color } });
  })
  .post('/auth/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await c.get('services').sessions.revoke(token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true });
  })
  .get('/me', (c) => {
    const user = requireUserOr401(c);
    return c.json({ user: { id: user.id, email: user.email, name: user.name, color: user.color } });
  })
  .post('/me/password', async (c) => {
    const user = requireUserOr401(c);
    const { stores, loginLimiter } = c.get('services');
    const parsed = passwordBody.safeParse(await readJson(c));
    if (!parsed.success) throw badRequest('currentPassword and newPassword are required');
    // A stolen session must not become a way to guess the password.
    if (loginLimiter.passwordChange.isBlocked(user.id))
      throw rateLimited(
        'too many wrong current passwords; wait a few minutes',
        loginLimiter.passwordChange.msUntilUnblocked(user.id) / 1000,
      );
    const full = await stores.accounts.getUserByEmail(user.email);
    if (!full || !(await verifyPassword(parsed.data.currentPassword, full.passwordHash))) {
      loginLimiter.passwordChange.fail(user.id);
      throw badRequest('current password is wrong');
    }
    loginLimiter.passwordChange.reset(user.id);
    await setPassword(stores.accounts, user.id, parsed.data.newPassword);
    // setPassword signed out every session; sign this one in again, with the same cookie as at sign-in.
    await startSession(c, user.id);
    return c.json({ ok: true });
  });

/** Creates a session and sets its cookie: the one place the cookie's attributes are chosen. */
async function startSession(c: Context<AppEnv>, userId: string): Promise<void> {
  const { sessions, config } = c.get('services');
  const { token, expiresAt } = await sessions.create(userId);
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https',
    path: '/',
    expires: expiresAt,
    maxAge: Math.floor(config.sessionTtlMs / 1000),
  });
}

function clientAddress(c: Context<AppEnv>): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
