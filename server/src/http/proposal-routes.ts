/**
 * Proposals: alternative wordings of one block (docs/PROTOCOL.md, "Proposals";
 * rules C25–C31). Identity and role come from the session; the service checks
 * the document, ownership and the rule.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from './context.js';
import { can, type Capability } from '@concord/shared';
import { badRequest, conflict, DomainError, forbidden, notFound, rateLimited, readJson, requireMember } from './route-helpers.js';
import { ProposalError } from '../proposals/proposal-error.js';
import type { Actor } from '../proposals/proposal-service.js';
import { MAX_PROPOSAL_BODY_BYTES } from './body-limits.js';

export const proposalBody = z.object({
  content: z.unknown().refine((v) => v !== undefined, 'content is required: one block as ProseMirror JSON'),
  rationale: z.string().nullable().optional(),
  base: z.string({ error: 'base is required: the fingerprint of the text you read' }),
});
export const voteBody = z.object({
  stance: z.enum(['support', 'object'], { error: 'stance must be "support" or "object"' }),
  reason: z.string().optional(),
});
export const adoptBody = z.object({ force: z.boolean().optional() }).optional();

function mapProposalError(err: unknown): never {
  if (err instanceof ProposalError) {
    switch (err.reason) {
      case 'not_found':
        throw notFound(err.message);
      case 'forbidden':
        throw forbidden(err.message);
      case 'conflict':
        throw conflict(err.message, err.details);
      case 'rate_limited': {
        const ms = (err.details as { retryAfterMs?: number } | undefined)?.retryAfterMs ?? 1000;
        throw rateLimited(err.message, ms / 1000);
      }
      case 'bad_request':
        throw badRequest(err.message);
    }
  }
  throw err;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return parsed.data;
}

/** A body over the limit is a content problem (400), like any other oversize proposal. */
async function readProposalJson(c: Context<AppEnv>): Promise<unknown> {
  try {
    return await readJson(c, MAX_PROPOSAL_BODY_BYTES);
  } catch (err) {
    if (err instanceof DomainError && err.reason === 'too_large')
      throw badRequest(`a proposal may be at most ${MAX_PROPOSAL_BODY_BYTES} bytes of JSON`);
    throw err;
  }
}

/** An empty body is allowed where every field is optional. */
async function readOptionalJson(c: Context<AppEnv>): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('request body must be JSON');
  }
}

async function actorWith(c: Context<AppEnv>, docId: string, capability: Capability, what: string): Promise<Actor> {
  const member = await requireMember(c, docId);
  if (!can(member.role, capability)) throw forbidden(`your role (${member.role}) cannot ${what}`);
  return member;
}

async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    mapProposalError(err);
  }
}

export const proposalRoutes = new Hono<AppEnv>()
  .post('/docs/:id/blocks/:blockId/proposals', async (c) => {
    const docId = c.req.param('id');
    const actor = await actorWith(c, docId, 'edit', 'propose wordings');
    const body = parse(proposalBody, await readProposalJson(c));
    const proposal = await run(() => c.get('services').proposals.create(docId, actor, c.req.param('blockId'), body));
    return c.json({ proposal }, 201);
  })
  .get('/docs/:id/proposals', async (c) => {
    const docId = c.req.param('id');
    await requireMember(c, docId);
    const status = c.req.query('status');
    if (status !== undefined && status !== 'open' && status !== 'adopted' && status !== 'closed')
      throw badRequest('status must be open, adopted or closed');
    const proposals = await run(() => c.get('services').proposals.list(docId, { state: status, blockId: c.req.query('block') }));
    return c.json({ proposals });
  })
  .get('/docs/:id/proposals/:pid', async (c) => {
    const docId = c.req.param('id');
    await requireMember(c, docId);
    const proposal = await run(() => c.get('services').proposals.get(docId, c.req.param('pid')));
    return c.json({ proposal });
  })
  .put('/docs/:id/proposals/:pid', async (c) => {
    const docId = c.req.param('id');
    const actor = await actorWith(c, docId, 'edit', 'revise proposals');
    const body = parse(proposalBody, await readProposalJson(c));
    const proposal = await run(() => c.get('services').proposals.revise(docId, actor, c.req.param('pid'), body));
    return c.json({ proposal });
  })
  .put('/docs/:id/proposals/:pid/vote', async (c) => {
    const docId = c.req.param('id');
    const actor = await actorWith(c, docId, 'vote', 'support or object to proposals');
    const body = parse(voteBody, await readJson(c));
    const proposal = await run(() => c.get('services').proposals.vote(docId, actor, c.req.param('pid'), body));
    return c.json({ proposal });
  })
  .delete('/docs/:id/proposals/:pid/vote', async (c) => {
    const docId = c.req.param('id');
    const actor = await actorWith(c, docId, 'vote', 'support or object to proposals');
    const proposal = await run(() => c.get('services').proposals.withdrawVote(docId, actor, c.req.param('pid')));
    return c.json({ proposal });
  })
  .post('/docs/:id/proposals/:pid/adopt', async (c) => {
    const docId = c.req.param('id');
    const actor = await actorWith(c, docId, 'edit', 'adopt proposals');
    const body = parse(adoptBody, await readOptionalJson(c));
    const result = await run(() => c.get('services').proposals.adopt(docId, actor, c.req.param('pid'), { force: body?.force === true }));
    return c.json(result);
  })
  .post('/docs/:id/proposals/:pid/withdraw', async (c) => {
    const docId = c.req.param('id');
    const actor = await actorWith(c, docId, 'edit', 'withdraw proposals');
    const proposal = await run(() => c.get('services').proposals.close(docId, actor, c.req.param('pid'), 'withdrawn'));
    return c.json({ proposal });
  })
  .post('/docs/:id/proposals/:pid/reject', async (c) => {
    const docId = c.req.param('id');
    const actor = await actorWith(c, docId, 'manage', 'reject proposals');
    const proposal = await run(() => c.get('services').proposals.close(docId, actor, c.req.param('pid'), 'rejected'));
    return c.json({ proposal });
  });
