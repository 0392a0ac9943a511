/**
 * Email preferences (docs/PROTOCOL.md, "Email"): each member's choice per
 * document, and the unsubscribe link of every email, which works without
 * signing in (its token is signed by the server).
 */
import { Hono, type Context } from 'hono';
import { notificationSettingsBody, unsubscribeQuery } from '@concord/shared';
import type { AppEnv } from './context.js';
import { jsonBody, queryOf, requireUserOr401, signedIn } from './route-helpers.js';
import { escapeHtml } from '../mail/mail-render.js';

/** A small page: no script, nothing remote (it is opened from an email). */
function page(c: Context<AppEnv>, status: 200 | 400, title: string, body: string) {
  c.header('Content-Security-Policy', "default-src 'none'; form-action 'self'");
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
    status,
  );
}

const invalidLink = (c: Context<AppEnv>) =>
  page(c, 400, 'This link is not valid', '<p>Open Concord and change your email settings from the user menu.</p>');

export const mailRoutes = new Hono<AppEnv>()
  .get('/me/notification-settings', signedIn, async (c) => {
    const user = requireUserOr401(c);
    return c.json(await c.get('services').emailSettings.of(user.id));
  })
  .put('/me/notification-settings', signedIn, jsonBody(notificationSettingsBody), async (c) => {
    const user = requireUserOr401(c);
    const { emailSettings } = c.get('services');
    const { docId, email } = c.req.valid('json');
    await emailSettings.set(user.id, docId, email);
    return c.json(await emailSettings.of(user.id));
  })
  // Opening the link only asks: mail scanners fetch links, and must not unsubscribe anyone.
  .get('/unsubscribe', queryOf(unsubscribeQuery), async (c) => {
    const { token } = c.req.valid('query');
    const target = await c.get('services').emailSettings.unsubscribeTarget(token);
    if (!target) return invalidLink(c);
    return page(
      c,
      200,
      'Stop email about this document?',
      `<p>You will get no more email about “${escapeHtml(target.title)}”. In-app notifications stay.</p>` +
        `<form method="post" action="/api/unsubscribe?token=${escapeHtml(encodeURIComponent(token))}"><button type="submit">Stop email</button></form>`,
    );
  })
  // The form above, and mail programs' one-click unsubscribe (RFC 8058), post here.
  .post('/unsubscribe', queryOf(unsubscribeQuery), async (c) => {
    const { token } = c.req.valid('query');
    const done = await c.get('services').emailSettings.unsubscribe(token);
    if (!done) return invalidLink(c);
    return page(
      c,
      200,
      'Email stopped',
      `<p>You will get no more email about “${escapeHtml(done.title)}”. You can turn it on again in Concord's user menu.</p>`,
    );
  });
