/**
 * Email preferences (docs/PROTOCOL.md, "Email"): each member's choice per
 * document, and the unsubscribe link of every email, which works without
 * signing in (its token is signed by the server).
 */
import { Hono, type Context } from 'hono';
import { notificationSettingsBody, unsubscribeQuery, type NotificationSettingsJson } from '@concord/shared';
import type { AppEnv, Services } from './context.js';
import { jsonBody, queryOf, requireUserOr401, signedIn } from './route-helpers.js';
import { notFound } from './errors.js';
import { escapeHtml } from '../mail/mail-render.js';
import { verifyUnsubscribe } from '../mail/unsubscribe-token.js';

async function settingsOf(services: Services, userId: string): Promise<NotificationSettingsJson> {
  const docIds = await services.stores.members.docIdsOf(userId);
  const docs = await services.stores.docs.listDocs({ ids: docIds });
  const modes = await services.stores.mail.modes(userId);
  return {
    mail: { configured: services.mail.configured },
    settings: docs.map((d) => ({ docId: d.id, docTitle: d.title, email: modes.get(d.id) ?? services.mail.defaultMode })),
  };
}

/** A small page: no script, nothing remote (it is opened from an email). */
function page(c: Context<AppEnv>, status: 200 | 400, title: string, body: string) {
  c.header('Content-Security-Policy', "default-src 'none'; form-action 'self'");
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
    status,
  );
}

export const mailRoutes = new Hono<AppEnv>()
  .get('/me/notification-settings', signedIn, async (c) => {
    const user = requireUserOr401(c);
    return c.json(await settingsOf(c.get('services'), user.id));
  })
  .put('/me/notification-settings', signedIn, jsonBody(notificationSettingsBody), async (c) => {
    const user = requireUserOr401(c);
    const services = c.get('services');
    const { docId, email } = c.req.valid('json');
    if (!(await services.stores.members.roleOf(docId, user.id))) throw notFound('document not found');
    await services.stores.mail.setMode(user.id, docId, email);
    return c.json(await settingsOf(services, user.id));
  })
  // Opening the link only asks: mail scanners fetch links, and must not unsubscribe anyone.
  .get('/unsubscribe', queryOf(unsubscribeQuery), async (c) => {
    const { token } = c.req.valid('query');
    const services = c.get('services');
    const who = verifyUnsubscribe(services.mail.signingKey, token);
    if (!who) return page(c, 400, 'This link is not valid', '<p>Open Concord and change your email settings from the user menu.</p>');
    const title = (await services.stores.docs.getDoc(who.docId))?.title ?? '';
    return page(
      c,
      200,
      'Stop email about this document?',
      `<p>You will get no more email about “${escapeHtml(title)}”. In-app notifications stay.</p>` +
        `<form method="post" action="/api/unsubscribe?token=${escapeHtml(encodeURIComponent(token))}"><button type="submit">Stop email</button></form>`,
    );
  })
  // The form above, and mail programs' one-click unsubscribe (RFC 8058), post here.
  .post('/unsubscribe', queryOf(unsubscribeQuery), async (c) => {
    const { token } = c.req.valid('query');
    const services = c.get('services');
    const who = verifyUnsubscribe(services.mail.signingKey, token);
    if (!who) return page(c, 400, 'This link is not valid', '<p>Open Concord and change your email settings from the user menu.</p>');
    const doc = await services.stores.docs.getDoc(who.docId);
    // A member who left, or a deleted document, gets no more email anyway: same answer, nothing to store.
    if (doc && (await services.stores.members.roleOf(who.docId, who.userId)))
      await services.stores.mail.setMode(who.userId, who.docId, 'none');
    return page(
      c,
      200,
      'Email stopped',
      `<p>You will get no more email about “${escapeHtml(doc?.title ?? '')}”. You can turn it on again in Concord's user menu.</p>`,
    );
  });
