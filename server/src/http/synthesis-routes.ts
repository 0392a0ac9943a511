/** The report author's synthesis page and re-review requests (author only). */
import { Hono, type Context } from 'hono';
import type { AppEnv } from './context.js';
import { badRequest, forbidden, requireMember, tooLarge } from './route-helpers.js';

async function requireAuthor(c: Context<AppEnv>, docId: string) {
  const member = await requireMember(c, docId);
  if (member.role !== 'author') throw forbidden('only the report author can use the synthesis workspace');
  return member;
}

/** A JSON object body that may be left out entirely. */
async function readOptionalJson(c: Context<AppEnv>, maxBytes = 16 * 1024): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.length > maxBytes) throw tooLarge(`request body over ${maxBytes} bytes`);
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest('request body must be JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('request body must be a JSON object');
  return body as Record<string, unknown>;
}

export const synthesisRoutes = new Hono<AppEnv>()
  .get('/docs/:id/synthesis', async (c) => {
    const docId = c.req.param('id');
    await requireAuthor(c, docId);
    return c.json(await c.get('services').synthesis.synthesis(docId));
  })
  .post('/docs/:id/blocks/:blockId/request-review', async (c) => {
    const docId = c.req.param('id');
    const { user } = await requireAuthor(c, docId);
    const body = await readOptionalJson(c);
    return c.json(await c.get('services').synthesis.requestReview(docId, user, c.req.param('blockId'), body.message));
  });
