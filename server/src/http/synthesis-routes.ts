/** The report author's synthesis page and re-review requests (author only). */
import { Hono, type MiddlewareHandler } from 'hono';
import { reviewRequestBody } from '@concord/shared';
import type { AppEnv } from './context.js';
import { forbidden, jsonBody, paramsOf, requireMember } from './route-helpers.js';

/** 404 for non-members, 403 for every role but the author's. */
const authorOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  const member = await requireMember(c, c.req.param('id')!);
  if (member.role !== 'author') throw forbidden('only the report author can use the synthesis workspace');
  await next();
};

export const synthesisRoutes = new Hono<AppEnv>()
  .get('/docs/:id/synthesis', paramsOf('id'), authorOnly, async (c) => {
    const docId = c.req.param('id');
    return c.json(await c.get('services').synthesis.synthesis(docId));
  })
  .post('/docs/:id/blocks/:blockId/request-review', paramsOf('id', 'blockId'), authorOnly, jsonBody(reviewRequestBody), async (c) => {
    const docId = c.req.param('id');
    const { user } = await requireMember(c, docId);
    const { message } = c.req.valid('json');
    return c.json(await c.get('services').synthesis.requestReview(docId, user, c.req.param('blockId'), message));
  });
