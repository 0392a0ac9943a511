/** Votes, the consensus view, the rule, and the audit log. */
import { Hono } from 'hono';
import { z } from 'zod';
import { describeConsensusRule, mayReadAudit, wordDiff } from '@concord/shared';
import type { AppEnv, Services } from './context.js';
import { badRequest, forbidden, notFound, rateLimited, readJson, requireCapability, requireMember } from './route-helpers.js';
import { MAX_REASON_LENGTH, voteJson } from '../consensus/consensus-service.js';
import { TokenBucket } from '../sync/token-bucket.js';
import { proposalSummary } from '../proposals/proposal-json.js';
import { peopleById } from '../auth/people.js';

export const voteBody = z.object({
  stance: z.enum(['agree', 'dispute']),
  reason: z.string().max(MAX_REASON_LENGTH, `reason must be at most ${MAX_REASON_LENGTH} characters`).optional(),
  fingerprint: z.string().regex(/^[0-9a-f]{16,128}$/, 'fingerprint must be the hex fingerprint of the block you read'),
});

/** Most blocks one sign-off may carry (a 150-page report has ~1,650 blocks in all). */
export const MAX_BATCH_VOTES = 5000;

export const batchBody = z.object({
  votes: z
    .array(voteBody.extend({ blockId: z.string().min(1).max(200) }))
    .min(1, 'votes must list at least one block')
    .max(MAX_BATCH_VOTES, `at most ${MAX_BATCH_VOTES} votes at once`)
    .refine((votes) => new Set(votes.map((v) => v.blockId)).size === votes.length, 'each block may appear once'),
  sectionId: z.string().min(1).max(200).optional(),
});

/**
 * Vote requests per user: a burst of 30, then 5 a second. Enough to review
 * quickly, not to flood. A sign-off of a whole section is one request.
 */
const voteBuckets = new Map<string, TokenBucket>();
function takeVoteToken(userId: string): void {
  let bucket = voteBuckets.get(userId);
  if (!bucket) voteBuckets.set(userId, (bucket = new TokenBucket(5, 30)));
  if (!bucket.take()) throw rateLimited('too many votes at once; slow down', bucket.msUntil() / 1000);
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return parsed.data;
}

async function userNames(services: Services, ids: readonly string[]): Promise<Map<string, string>> {
  const person = await peopleById(services.stores.accounts, ids);
  return new Map(ids.map((id) => [id, person(id).name]));
}

export const consensusRoutes = new Hono<AppEnv>()
  .put('/docs/:id/blocks/:blockId/vote', async (c) => {
    const docId = c.req.param('id');
    const { user } = await requireCapability(c, docId, 'vote');
    takeVoteToken(user.id);
    const body = parseBody(voteBody, await readJson(c));
    const vote = await c.get('services').consensus.castVote(docId, user, c.req.param('blockId'), body);
    return c.json({ vote: voteJson(vote, user.name) });
  })
  // Sign-off by section: many blocks, one request, all or nothing (409 lists what changed).
  .post('/docs/:id/votes', async (c) => {
    const docId = c.req.param('id');
    const { user } = await requireCapability(c, docId, 'vote');
    takeVoteToken(user.id);
    const body = parseBody(batchBody, await readJson(c, 2 * 1024 * 1024));
    const votes = await c.get('services').consensus.castVotes(docId, user, body.votes, body.sectionId ?? null);
    return c.json({ votes: votes.map((v) => voteJson(v, user.name)) });
  })
  .delete('/docs/:id/blocks/:blockId/vote', async (c) => {
    const docId = c.req.param('id');
    const { user } = await requireCapability(c, docId, 'vote');
    takeVoteToken(user.id);
    const removed = await c.get('services').consensus.withdrawVote(docId, user, c.req.param('blockId'));
    if (!removed) throw notFound('you have no vote on this paragraph');
    return c.json({ ok: true });
  })
  .get('/docs/:id/consensus', async (c) => {
    const docId = c.req.param('id');
    await requireMember(c, docId);
    const services = c.get('services');
    const { view, stored, rule, commissioners } = await services.consensus.view(docId);
    const proposalsByBlock = await services.proposals.openByBlock(docId);
    const names = await userNames(services, [...commissioners, ...stored.map((v) => v.userId)]);
    const storedByBlock = new Map<string, typeof stored>();
    for (const v of stored) storedByBlock.set(v.blockId, [...(storedByBlock.get(v.blockId) ?? []), v]);
    const blocks = view.entries.map(({ block, consensus }) => ({
      id: block.id,
      kind: block.kind,
      level: block.level ?? null,
      text: block.text,
      fingerprint: block.fingerprint,
      sectionId: block.sectionId,
      path: block.path,
      status: consensus.status,
      stale: consensus.stale,
      agree: consensus.agree,
      dispute: consensus.dispute,
      pending: consensus.pending,
      votes: (block.id ? (storedByBlock.get(block.id) ?? []) : []).map((v) => {
        const stale = v.fingerprint !== block.fingerprint;
        return {
          ...voteJson(v, names.get(v.userId)!),
          stale,
          counted: commissioners.includes(v.userId),
          ...(stale ? { diff: wordDiff(v.text, block.text) } : {}),
        };
      }),
      /** Open proposals for this block with their status (issue 16). */
      proposals: (block.id ? (proposalsByBlock.get(block.id) ?? []) : []).map(proposalSummary),
    }));
    return c.json({
      rule,
      ruleText: describeConsensusRule(rule),
      commissioners: commissioners.map((id) => ({ userId: id, name: names.get(id)! })),
      blocks,
      sections: view.rollup.sections,
      totals: view.rollup.totals,
      coverage: view.rollup.coverage,
      orphaned: view.orphaned,
    });
  })
  .get('/docs/:id/rule', async (c) => {
    const docId = c.req.param('id');
    await requireMember(c, docId);
    const rule = await c.get('services').consensus.rule(docId);
    return c.json({ rule, ruleText: describeConsensusRule(rule) });
  })
  .put('/docs/:id/rule', async (c) => {
    const docId = c.req.param('id');
    const { user } = await requireCapability(c, docId, 'manage');
    const rule = await c.get('services').consensus.setRule(docId, user, await readJson(c));
    return c.json({ rule, ruleText: describeConsensusRule(rule) });
  })
  .get('/docs/:id/audit', async (c) => {
    const docId = c.req.param('id');
    const { role } = await requireMember(c, docId);
    if (!mayReadAudit(role)) throw forbidden('only the author and publishers can read the audit log');
    const after = Number(c.req.query('after') ?? '0');
    const limit = Number(c.req.query('limit') ?? '1000');
    if (!Number.isInteger(after) || after < 0 || !Number.isInteger(limit) || limit < 1 || limit > 10_000)
      throw badRequest('after and limit must be whole numbers (limit 1..10000)');
    const services = c.get('services');
    const entries = await services.stores.consensus.listAudit(docId, { afterSeq: after, limit });
    const names = await userNames(
      services,
      entries.map((e) => e.actorId),
    );
    return c.json({ entries: entries.map((e) => ({ ...e, actorName: names.get(e.actorId) })) });
  });
