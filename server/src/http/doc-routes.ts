/** Documents: list (mine), create (I become author), read meta, rename, delete. */
import { Hono } from 'hono';
import { z } from 'zod';
import { CloseCode } from '@concord/shared';
import type { AppEnv } from './context.js';
import { badRequest, forbidden, notFound, readJson, requireCapability, requireMember, requireUserOr401 } from './route-helpers.js';
import { capabilitiesOf } from './access.js';
import { createDocument, createdDocCount } from '../docs/create-document.js';

export const titleBody = z.object({
  title: z.string().trim().min(1, 'title must not be empty').max(200, 'title must be at most 200 characters'),
});

export const docRoutes = new Hono<AppEnv>()
  .get('/docs', async (c) => {
    const user = requireUserOr401(c);
    const { stores } = c.get('services');
    const ids = await stores.members.docIdsOf(user.id);
    const docs = await stores.docs.listDocs({ ids });
    const roles = new Map(await Promise.all(ids.map(async (id) => [id, await stores.members.roleOf(id, user.id)] as const)));
    // Commissioners see how many blocks wait for their vote; one document at a time keeps memory flat.
    const needs = new Map<string, number>();
    for (const d of docs)
      if (roles.get(d.id) === 'commissioner') needs.set(d.id, await c.get('services').consensus.needsReviewCount(d.id, user.id));
    return c.json({
      docs: docs.map((d) => ({
        id: d.id,
        title: d.title,
        updated: d.updatedAt,
        created: d.createdAt,
        role: roles.get(d.id),
        needsMyReview: needs.get(d.id) ?? null,
      })),
    });
  })
  .post('/docs', async (c) => {
    const user = requireUserOr401(c);
    const parsed = titleBody.safeParse(await readJson(c));
    if (!parsed.success) throw badRequest(parsed.error.issues[0]?.message ?? 'title is required');
    const { stores, config } = c.get('services');
    const created = await createdDocCount(stores, user.id);
    if (created >= config.maxDocsPerUser)
      throw forbidden(`you have created ${created} documents, the most one account may (MAX_DOCS_PER_USER)`);
    const meta = await createDocument(c.get('services').stores, { title: parsed.data.title, authorId: user.id });
    return c.json({ id: meta.id, title: meta.title }, 201);
  })
  .get('/docs/:id', async (c) => {
    const docId = c.req.param('id');
    const { role } = await requireMember(c, docId);
    const meta = await c.get('services').stores.docs.getDoc(docId);
    if (!meta) throw notFound('document not found');
    return c.json({
      id: meta.id,
      title: meta.title,
      updated: meta.updatedAt,
      created: meta.createdAt,
      role,
      capabilities: capabilitiesOf(role),
    });
  })
  .patch('/docs/:id', async (c) => {
    const docId = c.req.param('id');
    await requireCapability(c, docId, 'manage');
    const parsed = titleBody.safeParse(await readJson(c));
    if (!parsed.success) throw badRequest(parsed.error.issues[0]?.message ?? 'title is required');
    const meta = await c.get('services').stores.docs.renameDoc(docId, parsed.data.title);
    if (!meta) throw notFound('document not found');
    c.get('services').rooms.get(docId)?.broadcastEvent({ type: 'doc.renamed', title: meta.title });
    return c.json({ id: meta.id, title: meta.title, updated: meta.updatedAt });
  })
  .delete('/docs/:id', async (c) => {
    const docId = c.req.param('id');
    await requireCapability(c, docId, 'manage');
    const { stores, rooms } = c.get('services');
    // Close sockets first so nobody keeps editing a document that is going away.
    rooms.closeDocument(docId, CloseCode.documentDeleted);
    if (!(await stores.docs.deleteDoc(docId))) throw notFound('document not found');
    return c.json({ ok: true });
  });
