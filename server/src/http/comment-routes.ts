/**
 * Comment threads on blocks (docs/PROTOCOL.md, "Comments and notifications").
 * Identity and role come from the session; the service checks ownership.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from './context.js';
import { badRequest, conflict, forbidden, notFound, rateLimited, readJson, requireCapability, requireMember } from './route-helpers.js';
import { CommentError } from '../comments/comment-error.js';
import type { ThreadFilter } from '../comments/comment-service.js';

export const createBody = z.object({
  blockId: z.string().min(1, 'blockId is required').max(200),
  quote: z.string().nullable().optional(),
  text: z.unknown(),
});
export const textBody = z.object({ text: z.unknown() });

/** Maps the comments and synthesis services' errors to HTTP errors. */
export function mapCommentError(err: unknown): never {
  if (err instanceof CommentError) {
    switch (err.reason) {
      case 'not_found':
        throw notFound(err.message);
      case 'forbidden':
        throw forbidden(err.message);
      case 'conflict':
        throw conflict(err.message, err.details);
      case 'rate_limited':
        throw rateLimited(err.message, retryAfterMsOf(err.details) / 1000);
      case 'bad_request':
        throw badRequest(err.message);
    }
  }
  throw err;
}

function retryAfterMsOf(details: unknown): number {
  const ms = (details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) ? ms : 1000;
}

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
    try {
      const thread = await c.get('services').comments.createThread(docId, actor, body);
      return c.json({ thread }, 201);
    } catch (err) {
      mapCommentError(err);
    }
  })
  .post('/docs/:id/threads/:threadId/replies', async (c) => {
    const docId = c.req.param('id');
    const actor = await requireCapability(c, docId, 'comment');
    const body = parse(textBody, await readJson(c));
    try {
      const thread = await c.get('services').comments.reply(docId, actor, c.req.param('threadId'), body.text);
      return c.json({ thread }, 201);
    } catch (err) {
      mapCommentError(err);
    }
  })
  .patch('/docs/:id/comments/:commentId', async (c) => {
    const docId = c.req.param('id');
    const actor = await requireCapability(c, docId, 'comment');
    const body = parse(textBody, await readJson(c));
    try {
      return c.json({ thread: await c.get('services').comments.editComment(docId, actor, c.req.param('commentId'), body.text) });
    } catch (err) {
      mapCommentError(err);
    }
  })
  .delete('/docs/:id/comments/:commentId', async (c) => {
    const docId = c.req.param('id');
    const actor = await requireCapability(c, docId, 'comment');
    try {
      return c.json({ thread: await c.get('services').comments.deleteComment(docId, actor, c.req.param('commentId')) });
    } catch (err) {
      mapCommentError(err);
    }
  })
  .post('/docs/:id/threads/:threadId/resolve', async (c) => {
    const docId = c.req.param('id');
    const actor = await requireMember(c, docId);
    try {
      return c.json({ thread: await c.get('services').comments.setStatus(docId, actor, c.req.param('threadId'), 'resolved') });
    } catch (err) {
      mapCommentError(err);
    }
  })
  .post('/docs/:id/threads/:threadId/reopen', async (c) => {
    const docId = c.req.param('id');
    const actor = await requireMember(c, docId);
    try {
      return c.json({ thread: await c.get('services').comments.setStatus(docId, actor, c.req.param('threadId'), 'open') });
    } catch (err) {
      mapCommentError(err);
    }
  });
