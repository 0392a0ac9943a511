/** Sign-in (and the demo accounts' hint), sign-out, who am I, change my password. */
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { loginBody, passwordBody, type DemoJson, type MeJson, type OkJson } from '@concord/shared';
import { SESSION_COOKIE } from '../auth/sessions.js';
import type { AppEnv } from './context.js';
import { clientAddress } from './client-address.js';
import { badRequest, jsonBody, rateLimited, requireUserOr401, signedIn, unauthorized } from './route-helpers.js';
import type { Context } from 'hono';

const WRONG = 'wrong email or password';

export const authRoutes = new Hono<AppEnv>()
  .post('/auth/login', jsonBody(loginBody), async (c) => {
    const { accounts, loginLimiter } = c.get('services');
    const body = c.req.valid('json');
    const email = body.email.trim().toLowerCase();
    const address = clientAddress(c);
    const pair = `${email}\n${address}`;
    // Back-off, not lockout: failures from elsewhere never slow this pair (issue 12 #11).
    const waitMs = Math.max(await loginLimiter.byPair.msUntilAllowed(pair), await loginLimiter.byAddress.msUntilAllowed(address));
    if (waitMs > 0) throw rateLimited('too many failed sign-in attempts; wait a moment and try again', waitMs / 1000);
    // Unknown emails take as long as wrong passwords, so timing does not reveal who exists.
    const user = await accounts.signIn(email, body.password);
    if (!user) {
      await Promise.all([loginLimiter.byPair.fail(pair), loginLimiter.byAddress.fail(address)]);
      throw unauthorized(WRONG);
    }
    await loginLimiter.byPair.reset(pair);
    // Invitations that came for this email after (or while) the account was created.
    await accounts.claimInvitations(user);
    await startSession(c, user.id);
    return c.json({ user: { id: user.id, email: user.email, name: user.name, color: user.color } } satisfies MeJson);
  })
  // The sign-in page's hint: only a server running on the demo content it created answers non-null (demo-sign-in.ts).
  .get('/auth/demo', (c) => {
    const demo = c.get('services').demo;
    return c.json({ demo: demo && { password: demo.password, accounts: demo.accounts } } satisfies DemoJson);
  })
  .post('/auth/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await c.get('services').sessions.revoke(token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true } satisfies OkJson);
  })
  .get('/me', (c) => {
    const user = requireUserOr401(c);
    return c.json({ user: { id: user.id, email: user.email, name: user.name, color: user.color } } satisfies MeJson);
  })
  .post('/me/password', signedIn, jsonBody(passwordBody), async (c) => {
    const user = requireUserOr401(c);
    const { accounts, loginLimiter } = c.get('services');
    const body = c.req.valid('json');
    // A stolen session must not become a way to guess the password.
    if (loginLimiter.passwordChange.isBlocked(user.id))
      throw rateLimited(
        'too many wrong current passwords; wait a few minutes',
        loginLimiter.passwordChange.msUntilUnblocked(user.id) / 1000,
      );
    if (!(await accounts.changePassword(user, body.currentPassword, body.newPassword))) {
      loginLimiter.passwordChange.fail(user.id);
      throw badRequest('current password is wrong');
    }
    loginLimiter.passwordChange.reset(user.id);
    // The change signed out every session; sign this one in again, with the same cookie as at sign-in.
    await startSession(c, user.id);
    return c.json({ ok: true } satisfies OkJson);
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
