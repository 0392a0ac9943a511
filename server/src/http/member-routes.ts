/** Members of a document: everyone sees them; only authors change them (MemberService does the work). */
import { Hono } from 'hono';
import { z } from 'zod';
import { ROLES, type Role } from '@concord/shared';
import type { AppEnv } from './context.js';
import { badRequest, DomainError, rateLimited, readJson, requireCapability, requireMember } from './route-helpers.js';

const roleSchema = z.enum(ROLES as [Role, ...Role[]]);
export const addBody = z.object({ email: z.string().trim().min(3).max(254), role: roleSchema });
export const changeBody = z.object({ role: roleSchema });

export const memberRoutes = new Hono<AppEnv>()
  .get('/docs/:id/members', async (c) => {
    const docId = c.req.param('id');
    await requireMember(c, docId);
    return c.json({ members: await c.get('services').members.list(docId) });
  })
  .post('/docs/:id/members', async (c) => {
    const docId = c.req.param('id');
    const { user: actor } = await requireCapability(c, docId, 'manage');
    const parsed = addBody.safeParse(await readJson(c));
    if (!parsed.success) throw badRequest(`email and a role (${ROLES.join(', ')}) are required`);
    const { members, loginLimiter } = c.get('services');
    // Adding members must not become a way to list who has an account.
    const lookups = loginLimiter.unknownMemberLookups;
    if (lookups.isBlocked(actor.id))
      throw rateLimited('too many additions of unknown emails; wait a while', lookups.msUntilUnblocked(actor.id) / 1000);
    let previousRole: Role | undefined;
    try {
      ({ previousRole } = await members.addByEmail(docId, { id: actor.id }, parsed.data.email, parsed.data.role));
    } catch (err) {
      if (err instanceof DomainError && err.reason === 'not_found') lookups.fail(actor.id);
      throw err;
    }
    return c.json({ members: await members.list(docId) }, previousRole ? 200 : 201);
  })
  .patch('/docs/:id/members/:userId', async (c) => {
    const docId = c.req.param('id');
    const { user: actor } = await requireCapability(c, docId, 'manage');
    const parsed = changeBody.safeParse(await readJson(c));
    if (!parsed.success) throw badRequest(`role must be one of ${ROLES.join(', ')}`);
    const { members } = c.get('services');
    await members.changeRole(docId, { id: actor.id }, c.req.param('userId'), parsed.data.role);
    return c.json({ members: await members.list(docId) });
  })
  .delete('/docs/:id/members/:userId', async (c) => {
    const docId = c.req.param('id');
    const { user: actor } = await requireCapability(c, docId, 'manage');
    const { members } = c.get('services');
    await members.remove(docId, { id: actor.id }, c.req.param('userId'));
    return c.json({ members: await members.list(docId) });
  });
