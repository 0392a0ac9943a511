/** The report author's synthesis page and re-review requests (the `manage` capability: the author role). */
import { Hono } from 'hono';
import { reviewRequestBody } from '@concord/shared';
import type { AppEnv } from './context.js';
import { jsonBody, memberOf, paramsOf, requireMember } from './route-helpers.js';

/**
 * 404 for non-members, 403 for roles without the `manage` capability (roles.ts):
 * the workspace belongs to whoever runs the report, as the member list and the rule do.
 */
const managers = memberOf('manage', 'use the synthesis workspace');

export const synthesisRoutes = new Hono<AppEnv>()
  .get('/docs/:id/synthesis', paramsOf('id'), managers, async (c) => {
    const docId = c.req.param('id');
    return c.json(await c.get('services').synthesis.synthesis(docId));
  })
  .post('/docs/:id/blocks/:blockId/request-review', paramsOf('id', 'blockId'), managers, jsonBody(reviewRequestBody), async (c) => {
    const docId = c.req.param('id');
    const { user } = await requireMember(c, docId);
    const { message } = c.req.valid('json');
    return c.json(await c.get('services').synthesis.requestReview(docId, user, c.req.param('blockId'), message));
  });
