/**
 * Members of a document: everyone sees them; only authors change them (MemberService
 * does the work). Adding by email makes an invitation (InvitationService), answered
 * alike whether or not the email has an account.
 */
import { Hono } from 'hono';
import { addMemberBody, changeRoleBody, type InvitedJson, type MembersJson } from '@concord/shared';
import type { AppEnv } from './context.js';
import { jsonBody, memberOf, paramsOf, rateLimited, requireCapability, requireMember } from './route-helpers.js';

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
    const { members, invitations, loginLimiter } = c.get('services');
    // Against spam; checked before anything is looked up, so a refusal says nothing about the email.
    const limit = loginLimiter.invitations;
    if (limit.isBlocked(actor.id)) throw rateLimited('too many invitations; wait a while', limit.msUntilUnblocked(actor.id) / 1000);
    // A new invitation's email (one per invitation, within the rate limit, alike for any email) is
    // committed with it (InvitationService), and sent after this answer.
    const { invitation, created } = await invitations.invite(docId, { id: actor.id }, body.email, body.role);
    if (created) limit.fail(actor.id);
    return c.json({ invitation, members: await members.list(docId) } satisfies InvitedJson, created ? 201 : 200);
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
  })
  .patch('/docs/:id/invitations/:invitationId', paramsOf('id', 'invitationId'), memberOf('manage'), jsonBody(changeRoleBody), async (c) => {
    const docId = c.req.param('id');
    const { user: actor } = await requireCapability(c, docId, 'manage');
    const { members, invitations } = c.get('services');
    await invitations.changeRole(docId, { id: actor.id }, c.req.param('invitationId'), c.req.valid('json').role);
    return c.json({ members: await members.list(docId) } satisfies MembersJson);
  })
  .delete('/docs/:id/invitations/:invitationId', paramsOf('id', 'invitationId'), async (c) => {
    const docId = c.req.param('id');
    const { user: actor } = await requireCapability(c, docId, 'manage');
    const { members, invitations } = c.get('services');
    await invitations.revoke(docId, { id: actor.id }, c.req.param('invitationId'));
    return c.json({ members: await members.list(docId) } satisfies MembersJson);
  });
