/** Members of a document: everyone sees them; only authors change them (MemberService does the work). */
import { Hono } from 'hono';
import { addMemberBody, changeRoleBody, type Role, type MembersJson } from '@concord/shared';
import type { AppEnv } from './context.js';
import { DomainError, jsonBody, memberOf, paramsOf, rateLimited, requireCapability, requireMember } from './route-helpers.js';

export const memberRoutes = new Hono<AppEnv>()
  .get('/docs/:id/members', paramsOf('id'), async (c) => {
    const docId = c.req.param('id');
    await requireMember(c, docId);
    return c.json({ members: await c.get('services').members.list(docId) } satisfies MembersJson);
  })
  .post('/docs/:id/members', paramsOf('id'), memberOf('manage'), jsonBody(addMemberBody), async (c) => {
    const docId = c.req.param('id');
    const { user: actor } = await requireCapability(c, docId, 'manage');
    const body = c.req.valid('json');
    const { members, loginLimiter } = c.get('services');
    // Adding members must not become a way to list who has an account.
    const lookups = loginLimiter.unknownMemberLookups;
    if (lookups.isBlocked(actor.id))
      throw rateLimited('too many additions of unknown emails; wait a while', lookups.msUntilUnblocked(actor.id) / 1000);
    let previousRole: Role | undefined;
    try {
      ({ previousRole } = await members.addByEmail(docId, { id: actor.id }, body.email, body.role));
    } catch (err) {
      if (err instanceof DomainError && err.reason === 'not_found') lookups.fail(actor.id);
      throw err;
    }
    return c.json({ members: await members.list(docId) } satisfies MembersJson, previousRole ? 200 : 201);
  })
  .patch('/docs/:id/members/:userId', paramsOf('id', 'userId'), memberOf('manage'), jsonBody(changeRoleBody), async (c) => {
    const docId = c.req.param('id');
    const { user: actor } = await requireCapability(c, docId, 'manage');
    const { members } = c.get('services');
    await members.changeRole(docId, { id: actor.id }, c.req.param('userId'), c.req.valid('json').role);
    return c.json({ members: await members.list(docId) } satisfies MembersJson);
  })
  .delete('/docs/:id/members/:userId', paramsOf('id', 'userId'), async (c) => {
    const docId = c.req.param('id');
    const { user: actor } = await requireCapability(c, docId, 'manage');
    const { members } = c.get('services');
    await members.remove(docId, { id: actor.id }, c.req.param('userId'));
    return c.json({ members: await members.list(docId) } satisfies MembersJson);
  });
