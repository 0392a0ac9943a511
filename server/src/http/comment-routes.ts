/**
 * Comment threads on blocks (docs/PROTOCOL.md, "Comments and notifications").
 * Identity and role come from the session; the service checks ownership.
 */
import { Hono } from 'hono';
import { commentTextBody, createThreadBody, threadsQuery, type OneThreadJson, type ThreadsJson } from '@concord/shared';
import type { AppEnv } from './context.js';
import { jsonBody, memberOf, notFound, paramsOf, queryOf, requireCapability, requireMember } from './route-helpers.js';

export const commentRoutes = new Hono<AppEnv>()
  .get('/docs/:id/threads', paramsOf('id'), memberOf(), queryOf(threadsQuery), async (c) => {
    const docId = c.req.param('id');
    const { user } = await requireMember(c, docId);
    const { cursor, limit, ...filter } = c.req.valid('query');
    const page = await c.get('services').comments.listThreads(docId, user, filter, { cursor, limit });
    return c.json(page satisfies ThreadsJson);
  })
  .get('/docs/:id/threads/:threadId', paramsOf('id', 'threadId'), async (c) => {
    const docId = c.req.param('id');
    await requireMember(c, docId);
    const thread = await c.get('services').comments.getThread(docId, c.req.param('threadId'));
    if (!thread) throw notFound('no such thread');
    return c.json({ thread } satisfies OneThreadJson);
  })
  .post('/docs/:id/threads', paramsOf('id'), memberOf('comment'), jsonBody(createThreadBody), async (c) => {
    const docId = c.req.param('id');
    const actor = await requireCapability(c, docId, 'comment');
    const thread = await c.get('services').comments.createThread(docId, actor, c.req.valid('json'));
    return c.json({ thread } satisfies OneThreadJson, 201);
  })
  .post('/docs/:id/threads/:threadId/replies', paramsOf('id', 'threadId'), memberOf('comment'), jsonBody(commentTextBody), async (c) => {
    const docId = c.req.param('id');
    const actor = await requireCapability(c, docId, 'comment');
    const thread = await c.get('services').comments.reply(docId, actor, c.req.param('threadId'), c.req.valid('json').text);
    return c.json({ thread } satisfies OneThreadJson, 201);
  })
  .patch('/docs/:id/comments/:commentId', paramsOf('id', 'commentId'), memberOf('comment'), jsonBody(commentTextBody), async (c) => {
    const docId = c.req.param('id');
    const actor = await requireCapability(c, docId, 'comment');
    const { text } = c.req.valid('json');
    return c.json({
      thread: await c.get('services').comments.editComment(docId, actor, c.req.param('commentId'), text),
    } satisfies OneThreadJson);
  })
  .delete('/docs/:id/comments/:commentId', paramsOf('id', 'commentId'), async (c) => {
    const docId = c.req.param('id');
    const actor = await requireCapability(c, docId, 'comment');
    return c.json({
      thread: await c.get('services').comments.deleteComment(docId, actor, c.req.param('commentId')),
    } satisfies OneThreadJson);
  })
  .post('/docs/:id/threads/:threadId/resolve', paramsOf('id', 'threadId'), async (c) => {
    const docId = c.req.param('id');
    const actor = await requireMember(c, docId);
    return c.json({
      thread: await c.get('services').comments.setStatus(docId, actor, c.req.param('threadId'), 'resolved'),
    } satisfies OneThreadJson);
  })
  .post('/docs/:id/threads/:threadId/reopen', paramsOf('id', 'threadId'), async (c) => {
    const docId = c.req.param('id');
    const actor = await requireMember(c, docId);
    return c.json({
      thread: await c.get('services').comments.setStatus(docId, actor, c.req.param('threadId'), 'open'),
    } satisfies OneThreadJson);
  });
