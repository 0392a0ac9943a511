/** The signed-in user's in-app notifications (docs/PROTOCOL.md, "Notifications"). */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from './context.js';
import { badRequest, readJson, requireUserOr401 } from './route-helpers.js';
import { DEFAULT_NOTIFICATIONS_LISTED, MAX_NOTIFICATIONS_LISTED } from '../notifications/notification-service.js';

export const readBody = z.union([
  z.object({ all: z.literal(true) }).strict(),
  z.object({ ids: z.array(z.string().min(1).max(100)).min(1).max(500) }).strict(),
]);

export const notificationRoutes = new Hono<AppEnv>()
  .get('/notifications', async (c) => {
    const user = requireUserOr401(c);
    const unread = c.req.query('unread');
    const limit = Number(c.req.query('limit') ?? DEFAULT_NOTIFICATIONS_LISTED);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_NOTIFICATIONS_LISTED)
      throw badRequest(`limit must be a whole number from 1 to ${MAX_NOTIFICATIONS_LISTED}`);
    return c.json(await c.get('services').notifications.list(user.id, { unreadOnly: unread === '1' || unread === 'true', limit }));
  })
  .post('/notifications/read', async (c) => {
    const user = requireUserOr401(c);
    const parsed = readBody.safeParse(await readJson(c));
    if (!parsed.success) throw badRequest('send {"ids": [...]} (1 to 500 ids) or {"all": true}');
    const ids = 'all' in parsed.data ? 'all' : parsed.data.ids;
    return c.json(await c.get('services').notifications.markRead(user.id, ids));
  });
