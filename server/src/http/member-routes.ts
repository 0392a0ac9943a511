/** Members of a document: everyone sees them; only authors change them. */
import { Hono } from 'hono';
import { z } from 'zod';
import { CloseCode } from '@concord/shared';
import type { AppEnv, Services } from './context.js';
import { badRequest, conflict, notFound, readJson, requireCapability, requireMember, rateLimited } from './route-helpers.js';
import { ROLES, type Role } from '../store/types.js';

const roleSchema = z.enum(ROLES as [Role, ...Role[]]);
export const addBody = z.object({ email: z.string().trim().min(3).max(254), role: roleSchema });
export const changeBody = z.object({ role: roleSchema });

async function membersView(services: Services, docId: string) {
  const members = await services.stores.members.listMembers(docId);
  const users = await Promise.all(members.map((m) => services.stores.accounts.getUser(m.userId)));
  return members.map((m, i) => ({
    userId: m.userId,
    name: users[i]?.name ?? '(deleted user)',
    email: users[i]?.email ?? '',
    color: users[i]?.color ?? '#888',
    role: m.role,
    addedAt: m.addedAt,
  }));
}

/** Members changed: tell connected clients, and cut off anyone who lost access or write rights. */
function membersChanged(services: Services, docId: string, change: { userId: string; role?: Role }) {
  const room = services.rooms.get(docId);
  if (!room) return;
  room.broadcastEvent({ type: 'members.changed' });
  for (const conn of room.connections) {
    if (conn.principal?.userId !== change.userId) continue;
    // Reconnecting re-reads the role from the server; removed members are refused then.
    conn.close(change.role ? CloseCode.reloadRequired : CloseCode.notFound, change.role ? 'role changed' : 'removed from document');
  }
}

async function audit(
  services: Services,
  docId: string,
  actorId: string,
  action: 'member.added' | 'member.changed' | 'member.removed',
  details: Record<string, unknown>,
) {
  await services.stores.consensus.appendAudit({ docId, at: new Date().toISOString(), actorId, action, blockId: null, details });
}

async function assertNotLastAuthor(services: Services, docId: string, userId: string) {
  const members = await services.stores.members.listMembers(docId);
  const authors = members.filter((m) => m.role === 'author');
  if (authors.length === 1 && authors[0]!.userId === userId) throw conflict('a document needs at least one author');
}

export const memberRoutes = new Hono<AppEnv>()
  .get('/docs/:id/members', async (c) => {
    const docId = c.req.param('id');
    await requireMember(c, docId);
    return c.json({ members: await membersView(c.get('services'), docId) });
  })
  .post('/docs/:id/members', async (c) => {
    const docId = c.req.param('id');
    const { user: actor } = await requireCapability(c, docId, 'manage');
    const services = c.get('services');
    const parsed = addBody.safeParse(await readJson(c));
    if (!parsed.success) throw badRequest(`email and a role (${ROLES.join(', ')}) are required`);
    // Adding members must not become a way to list who has an account.
    const lookups = services.loginLimiter.unknownMemberLookups;
    if (lookups.isBlocked(actor.id))
      throw rateLimited('too many additions of unknown emails; wait a while', lookups.msUntilUnblocked(actor.id) / 1000);
    const user = await services.stores.accounts.getUserByEmail(parsed.data.email);
    if (!user) {
      lookups.fail(actor.id);
      throw notFound(`no user with email ${parsed.data.email}; ask the server administrator to create the account`);
    }
    const existing = await services.stores.members.roleOf(docId, user.id);
    if (existing === 'author' && parsed.data.role !== 'author') await assertNotLastAuthor(services, docId, user.id);
    await services.stores.members.setMember(docId, user.id, parsed.data.role);
    if (existing !== parsed.data.role) {
      await audit(services, docId, actor.id, existing ? 'member.changed' : 'member.added', {
        userId: user.id,
        role: parsed.data.role,
        previousRole: existing ?? null,
      });
    }
    if (existing && existing !== parsed.data.role) membersChanged(services, docId, { userId: user.id, role: parsed.data.role });
    else services.rooms.get(docId)?.broadcastEvent({ type: 'members.changed' });
    return c.json({ members: await membersView(services, docId) }, existing ? 200 : 201);
  })
  .patch('/docs/:id/members/:userId', async (c) => {
    const docId = c.req.param('id');
    const userId = c.req.param('userId');
    const { user: actor } = await requireCapability(c, docId, 'manage');
    const services = c.get('services');
    const parsed = changeBody.safeParse(await readJson(c));
    if (!parsed.success) throw badRequest(`role must be one of ${ROLES.join(', ')}`);
    const existing = await services.stores.members.roleOf(docId, userId);
    if (!existing) throw notFound('not a member of this document');
    if (existing === 'author' && parsed.data.role !== 'author') await assertNotLastAuthor(services, docId, userId);
    await services.stores.members.setMember(docId, userId, parsed.data.role);
    if (existing !== parsed.data.role) {
      await audit(services, docId, actor.id, 'member.changed', { userId, role: parsed.data.role, previousRole: existing });
      membersChanged(services, docId, { userId, role: parsed.data.role });
    }
    return c.json({ members: await membersView(services, docId) });
  })
  .delete('/docs/:id/members/:userId', async (c) => {
    const docId = c.req.param('id');
    const userId = c.req.param('userId');
    const { user: actor } = await requireCapability(c, docId, 'manage');
    const services = c.get('services');
    const existing = await services.stores.members.roleOf(docId, userId);
    if (!existing) throw notFound('not a member of this document');
    if (existing === 'author') await assertNotLastAuthor(services, docId, userId);
    await services.stores.members.removeMember(docId, userId);
    await audit(services, docId, actor.id, 'member.removed', { userId, previousRole: existing });
    membersChanged(services, docId, { userId });
    return c.json({ members: await membersView(services, docId) });
  });
