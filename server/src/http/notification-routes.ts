/** The signed-in user's in-app notifications (docs/PROTOCOL.md, "Notifications"). */
import { Hono } from 'hono';
import { markReadBody, notificationsQuery } from '@concord/shared';
import type { AppEnv } from './context.js';
import { jsonBody, queryOf, requireUserOr401, signedIn } from './route-helpers.js';

export const notificationRoutes = new Hono<AppEnv>()
  .get('/notifications', signedIn, queryOf(notificationsQuery), async (c) => {
    const user = requireUserOr401(c);
    const { unread, limit } = c.req.valid('query');
    return c.json(await c.get('services').notifications.list(user.id, { unreadOnly: unread, limit }));
  })
  .post('/notifications/read', signedIn, jsonBody(markReadBody), async (c) => {
    const user = requireUserOr401(c);
    const body = c.req.valid('json');
    const ids = 'all' in body ? 'all' : body.ids;
    return c.json(await c.get('services').notifications.markRead(user.id, ids));
  });
