/** Documents: list (mine), create (I become author), read meta, rename, delete (DocumentService does the work). */
import { Hono } from 'hono';
import { z } from 'zod';
import { capabilitiesOf } from '@concord/shared';
import type { AppEnv } from './context.js';
import { badRequest, readJson, requireCapability, requireMember, requireUserOr401 } from './route-helpers.js';
import { MAX_TITLE_LENGTH } from '../docs/document-service.js';

export const titleBody = z.object({
  title: z.string().trim().min(1, 'title must not be empty').max(MAX_TITLE_LENGTH, `title must be at most ${MAX_TITLE_LENGTH} characters`),
});

export const docRoutes = new Hono<AppEnv>()
  .get('/docs', async (c) => {
    const user = requireUserOr401(c);
    const { documents, consensus } = c.get('services');
    const docs = await documents.listFor(user.id);
    // Commissioners see how many blocks wait for their vote; one document at a time keeps memory flat.
    const needs = new Map<string, number>();
    for (const d of docs) if (d.role === 'commissioner') needs.set(d.id, await consensus.needsReviewCount(d.id, user.id));
    return c.json({
      docs: docs.map((d) => ({
        id: d.id,
        title: d.title,
        updated: d.updatedAt,
        created: d.createdAt,
        role: d.role,
        needsMyReview: needs.get(d.id) ?? null,
      })),
    });
  })
  .post('/docs', async (c) => {
    const user = requireUserOr401(c);
    const parsed = titleBody.safeParse(await readJson(c));
    if (!parsed.success) throw badRequest(parsed.error.issues[0]?.message ?? 'title is required');
    const meta = await c.get('services').documents.create(user.id, parsed.data.title);
    return c.json({ id: meta.id, title: meta.title }, 201);
  })
  .get('/docs/:id', async (c) => {
    const docId = c.req.param('id');
    const { role } = await requireMember(c, docId);
    const meta = await c.get('services').documents.get(docId);
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
    const meta = await c.get('services').documents.rename(docId, parsed.data.title);
    return c.json({ id: meta.id, title: meta.title, updated: meta.updatedAt });
  })
  .delete('/docs/:id', async (c) => {
    const docId = c.req.param('id');
    await requireCapability(c, docId, 'manage');
    await c.get('services').documents.delete(docId);
    return c.json({ ok: true });
  });
