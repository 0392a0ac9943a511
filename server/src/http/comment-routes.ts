/**
 * Comment threads on blocks (docs/PROTOCOL.md, "Comments and notifications").
 * Identity and role come from the session; the service checks ownership.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from './context.js';
import { badRequest, notFound, readJson, requireCapability, requireMember } from './route-helpers.js';
import type { ThreadFilter } from '../comments/comment-service.js';

export const createBody = z.object({
  blockId: z.string().min(1, 'blockId is required').max(200),
  quote: z.string().nullable().optional(),
  text: z.unknown(),
});
export const textBody = z.object({ text: z.unknown() });

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return parsed.data;
}

function threadFilter(query: (name: string) => string | undefined): ThreadFilter {
  const status = query('status') ?? 'all';
  if (status !== 'open' && status !== 'resolved' && status !== 'all') throw badRequest('status must be open, resolved or all');
  const mine = query('mine');
  const blockId = query('blockId');
  return { status, mine: mine === '1' || mine === 'true', blockId };
}

export const commentRoutes = new Hono<AppEnv>()
  .get('/docs/:id/threads', async (c) => {
    const docId = c.req.param('id');
    const { user } = await requireMember(c, docId);
    const threads = await c.get('services').comments.listThreads(
      docId,
      user,
      threadFilter((n) => c.req.query(n)),
    );
    return c.json({ threads });
  })
  .get('/docs/:id/threads/:threadId', async (c) => {
    const docId = c.req.param('id');
    const { user } = await requireMember(c, docId);
    const threadId = c.req.param('threadId');
    const [thread] = (await c.get('services').comments.listThreads(docId, user, { status: 'all', mine: false })).filter(
      (t) => t.id === threadId,
    );
    if (!thread) throw notFound('no such thread');
    return c.json({ thread });
  })
  .post('/docs/:id/threads', async (c) => {
    const docId = c.req.param('id');
    const actor = await requireCapability(c, docId, 'comment');
    const body = parse(createBody, await readJson(c));
    const thread = await c.get('services').comments.createThread(docId, actor, body);
    return c.json({ thread }, 201);
  })
  .post('/docs/:id/threads/:threadId/replies', async (c) => {
    const docId = c.req.param('id');
    const actor = await requireCapability(c, docId, 'comment');
    const body = parse(textBody, await readJson(c));
    const thread = await c.get('services').comments.reply(docId, actor, c.req.param('threadId'), body.text);
    return c.json({ thread }, 201);
  })
  .patch('/docs/:id/comments/:commentId', async (c) => {
    const docId = c.req.param('id');
    const actor = await requireCapability(c, docId, 'comment');
    const body = parse(textBody, await readJson(c));
    return c.json({ thread: await c.get('services').comments.editComment(docId, actor, c.req.param('commentId'), body.text) });
  })
  .delete('/docs/:id/comments/:commentId', async (c) => {
    const docId = c.req.param('id');
    const actor = await requireCapability(c, docId, 'comment');
    return c.json({ thread: await c.get('services').comments.deleteComment(docId, actor, c.req.param('commentId')) });
  })
  .post('/docs/:id/threads/:threadId/resolve', async (c) => {
    const docId = c.req.param('id');
    const actor = await requireMember(c, docId);
    return c.json({ thread: await c.get('services').comments.setStatus(docId, actor, c.req.param('threadId'), 'resolved') });
  })
  .post('/docs/:id/threads/:threadId/reopen', async (c) => {
    const docId = c.req.param('id');
    const actor = await requireMember(c, docId);
    return c.json({ thread: await c.get('services').comments.setStatus(docId, actor, c.req.param('threadId'), 'open') });
  });
