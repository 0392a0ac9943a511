/** Votes, the consensus view, the rule, and the audit log. */
import { Hono, type MiddlewareHandler } from 'hono';
import {
  auditQuery,
  batchVotesBody,
  describeConsensusRule,
  mayReadAudit,
  ruleBody,
  voteBody,
  type BlockVotesJson,
  type ConsensusJson,
  type ConsensusSummaryJson,
  type RuleJson,
  type OkJson,
  type VoteResultJson,
  type VotesResultJson,
} from '@concord/shared';
import type { AppEnv } from './context.js';
import {
  forbidden,
  jsonBody,
  memberOf,
  notFound,
  paramsOf,
  queryOf,
  rateLimited,
  requireCapability,
  requireMember,
  requireUserOr401,
} from './route-helpers.js';
import { voteJson } from '../consensus/consensus-service.js';
import { jsonText, streamedJson } from './streamed-json.js';
import { consensusAnswerInput } from './consensus-answer-input.js';

/**
 * Vote requests per user: a burst of 30, then 5 a second. Enough to review
 * quickly, not to flood. A sign-off of a whole section is one request. The
 * buckets belong to the server instance (services.voteLimiter), so two servers
 * in one process (tests) never share a budget — unless they share Redis
 * (REDIS_URL), where every process takes from one bucket per account.
 */
export const VOTES_PER_SECOND = 5;
export const VOTE_BURST = 30;

/** After the access check, before the body is read: a refused vote costs a token too. */
const voteRate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const userId = requireUserOr401(c).id;
  const waitMs = await c.get('services').voteLimiter.take(userId);
  if (waitMs > 0) throw rateLimited('too many votes at once; slow down', waitMs / 1000);
  await next();
};

const auditReaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { role } = await requireMember(c, c.req.param('id')!);
  if (!mayReadAudit(role)) throw forbidden('only the author and publishers can read the audit log');
  await next();
};

export const consensusRoutes = new Hono<AppEnv>()
  .put('/docs/:id/blocks/:blockId/vote', paramsOf('id', 'blockId'), memberOf('vote'), voteRate, jsonBody(voteBody), async (c) => {
    const docId = c.req.param('id');
    const { user } = await requireCapability(c, docId, 'vote');
    const vote = await c.get('services').consensus.castVote(docId, user, c.req.param('blockId'), c.req.valid('json'));
    return c.json({ vote: voteJson(vote, user.name) } satisfies VoteResultJson);
  })
  // Sign-off by section: many blocks, one request, all or nothing (409 lists what changed).
  .post('/docs/:id/votes', paramsOf('id'), memberOf('vote'), voteRate, jsonBody(batchVotesBody), async (c) => {
    const docId = c.req.param('id');
    const { user } = await requireCapability(c, docId, 'vote');
    const body = c.req.valid('json');
    const votes = await c.get('services').consensus.castVotes(docId, user, body.votes, body.sectionId ?? null);
    return c.json({ votes: votes.map((v) => voteJson(v, user.name)) } satisfies VotesResultJson);
  })
  .delete('/docs/:id/blocks/:blockId/vote', paramsOf('id', 'blockId'), memberOf('vote'), voteRate, async (c) => {
    const docId = c.req.param('id');
    const { user } = await requireCapability(c, docId, 'vote');
    const removed = await c.get('services').consensus.withdrawVote(docId, user, c.req.param('blockId'));
    if (!removed) throw notFound('you have no vote on this paragraph');
    return c.json({ ok: true } satisfies OkJson);
  })
  .get('/docs/:id/consensus', paramsOf('id'), async (c) => {
    const docId = c.req.param('id');
    await requireMember(c, docId);
    const services = c.get('services');
    // Built and sent in pieces: megabytes on a reviewed report (consensus/consensus-answer.ts).
    const pieces = services.consensus.answers.pieces(await consensusAnswerInput(services, docId));
    return streamedJson<ConsensusJson>(c, pieces);
  })
  // What the editor opens with: the votes only, ~0.34 MB where the full answer is ~7 MB (consensus/consensus-summary.ts).
  .get('/docs/:id/consensus/summary', paramsOf('id'), memberOf(), async (c) => {
    return jsonText<ConsensusSummaryJson>(c, await c.get('services').consensus.summaryJson(c.req.param('id')));
  })
  // One block's votes in full, for its popover: what the summary leaves out.
  .get('/docs/:id/blocks/:blockId/votes', paramsOf('id', 'blockId'), memberOf(), async (c) => {
    const votes = await c.get('services').consensus.blockVotes(c.req.param('id'), c.req.param('blockId'));
    return c.json({ votes } satisfies BlockVotesJson);
  })
  .get('/docs/:id/rule', paramsOf('id'), async (c) => {
    const docId = c.req.param('id');
    await requireMember(c, docId);
    const rule = await c.get('services').consensus.rule(docId);
    return c.json({ rule, ruleText: describeConsensusRule(rule) } satisfies RuleJson);
  })
  .put('/docs/:id/rule', paramsOf('id'), memberOf('manage'), jsonBody(ruleBody), async (c) => {
    const docId = c.req.param('id');
    const { user } = await requireCapability(c, docId, 'manage');
    const rule = await c.get('services').consensus.setRule(docId, user, c.req.valid('json'));
    return c.json({ rule, ruleText: describeConsensusRule(rule) } satisfies RuleJson);
  })
  .get('/docs/:id/audit', paramsOf('id'), memberOf(), auditReaders, queryOf(auditQuery), async (c) => {
    const docId = c.req.param('id');
    await requireMember(c, docId);
    const { after, limit } = c.req.valid('query');
    return c.json({ entries: await c.get('services').audit.page(docId, { after, limit }) });
  });
