/**
 * Proposals: alternative wordings of one block (docs/PROTOCOL.md, "Proposals";
 * rules C25–C31). Identity and role come from the session; the service checks
 * the document, ownership and the rule.
 */
import { Hono } from 'hono';
import { adoptBody, proposalBody, proposalsQuery, proposalVoteBody, type OneProposalJson, type ProposalsJson } from '@concord/shared';
import type { AppEnv } from './context.js';
// The service's refusals are DomainErrors (ProposalError), answered by app.onError.
import { jsonBody, memberOf, paramsOf, queryOf, requireCapability, requireMember } from './route-helpers.js';

export const proposalRoutes = new Hono<AppEnv>()
  .post(
    '/docs/:id/blocks/:blockId/proposals',
    paramsOf('id', 'blockId'),
    memberOf('edit', 'propose wordings'),
    jsonBody(proposalBody),
    async (c) => {
      const docId = c.req.param('id');
      const actor = await requireMember(c, docId);
      const body = c.req.valid('json');
      const proposal = await c.get('services').proposals.create(docId, actor, c.req.param('blockId'), body);
      return c.json({ proposal } satisfies OneProposalJson, 201);
    },
  )
  .get('/docs/:id/proposals', paramsOf('id'), memberOf(), queryOf(proposalsQuery), async (c) => {
    const docId = c.req.param('id');
    const { status, block } = c.req.valid('query');
    const proposals = await c.get('services').proposals.list(docId, { state: status, blockId: block });
    return c.json({ proposals } satisfies ProposalsJson);
  })
  .get('/docs/:id/proposals/:pid', paramsOf('id', 'pid'), memberOf(), async (c) => {
    const docId = c.req.param('id');
    const proposal = await c.get('services').proposals.get(docId, c.req.param('pid'));
    return c.json({ proposal } satisfies OneProposalJson);
  })
  .put('/docs/:id/proposals/:pid', paramsOf('id', 'pid'), memberOf('edit', 'revise proposals'), jsonBody(proposalBody), async (c) => {
    const docId = c.req.param('id');
    const actor = await requireMember(c, docId);
    const body = c.req.valid('json');
    const proposal = await c.get('services').proposals.revise(docId, actor, c.req.param('pid'), body);
    return c.json({ proposal } satisfies OneProposalJson);
  })
  .put(
    '/docs/:id/proposals/:pid/vote',
    paramsOf('id', 'pid'),
    memberOf('vote', 'support or object to proposals'),
    jsonBody(proposalVoteBody),
    async (c) => {
      const docId = c.req.param('id');
      const actor = await requireMember(c, docId);
      const body = c.req.valid('json');
      const proposal = await c.get('services').proposals.vote(docId, actor, c.req.param('pid'), body);
      return c.json({ proposal } satisfies OneProposalJson);
    },
  )
  .delete('/docs/:id/proposals/:pid/vote', paramsOf('id', 'pid'), memberOf('vote', 'support or object to proposals'), async (c) => {
    const docId = c.req.param('id');
    const actor = await requireMember(c, docId);
    const proposal = await c.get('services').proposals.withdrawVote(docId, actor, c.req.param('pid'));
    return c.json({ proposal } satisfies OneProposalJson);
  })
  .post('/docs/:id/proposals/:pid/adopt', paramsOf('id', 'pid'), memberOf('edit', 'adopt proposals'), jsonBody(adoptBody), async (c) => {
    const docId = c.req.param('id');
    const actor = await requireMember(c, docId);
    const { force } = c.req.valid('json');
    const result = await c.get('services').proposals.adopt(docId, actor, c.req.param('pid'), { force: force === true });
    return c.json(result);
  })
  .post('/docs/:id/proposals/:pid/withdraw', paramsOf('id', 'pid'), memberOf('edit', 'withdraw proposals'), async (c) => {
    const docId = c.req.param('id');
    const actor = await requireCapability(c, docId, 'edit', 'withdraw proposals');
    const proposal = await c.get('services').proposals.close(docId, actor, c.req.param('pid'), 'withdrawn');
    return c.json({ proposal } satisfies OneProposalJson);
  })
  .post('/docs/:id/proposals/:pid/reject', paramsOf('id', 'pid'), memberOf('manage', 'reject proposals'), async (c) => {
    const docId = c.req.param('id');
    const actor = await requireCapability(c, docId, 'manage', 'reject proposals');
    const proposal = await c.get('services').proposals.close(docId, actor, c.req.param('pid'), 'rejected');
    return c.json({ proposal } satisfies OneProposalJson);
  });
