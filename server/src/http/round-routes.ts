/**
 * Review rounds (docs/PROTOCOL.md, "Review rounds"): authors open and close
 * them; every member reads them and their progress.
 */
import { Hono } from 'hono';
import { can, openRoundBody, type OneRoundJson, type RoundsJson } from '@concord/shared';
import type { AppEnv, Services } from './context.js';
import { jsonBody, memberOf, paramsOf, requireCapability, requireMember } from './route-helpers.js';

/** Most undeliverable emails listed with a document's rounds. */
const MAX_FAILURES_LISTED = 50;

const mailStatus = (services: Services) => ({ configured: services.mail.configured });

export const roundRoutes = new Hono<AppEnv>()
  .post('/docs/:id/rounds', paramsOf('id'), memberOf('manage', 'open review rounds'), jsonBody(openRoundBody), async (c) => {
    const docId = c.req.param('id');
    const { user: actor } = await requireCapability(c, docId, 'manage', 'open review rounds');
    const services = c.get('services');
    const round = await services.rounds.open(docId, actor, c.req.valid('json'));
    return c.json({ round, mail: mailStatus(services) } satisfies OneRoundJson, 201);
  })
  .get('/docs/:id/rounds', paramsOf('id'), memberOf(), async (c) => {
    const docId = c.req.param('id');
    const { user, role } = await requireMember(c, docId);
    const services = c.get('services');
    const rounds = await services.rounds.list(docId, user.id);
    const failures = can(role, 'manage') ? await services.mail.failures(docId, MAX_FAILURES_LISTED) : [];
    return c.json({ rounds, mail: mailStatus(services), mailFailures: failures } satisfies RoundsJson);
  })
  .get('/docs/:id/rounds/:rid', paramsOf('id', 'rid'), memberOf(), async (c) => {
    const docId = c.req.param('id');
    const { user } = await requireMember(c, docId);
    const services = c.get('services');
    const round = await services.rounds.get(docId, c.req.param('rid'), user.id);
    return c.json({ round, mail: mailStatus(services) } satisfies OneRoundJson);
  })
  .post('/docs/:id/rounds/:rid/close', paramsOf('id', 'rid'), memberOf('manage', 'close review rounds'), async (c) => {
    const docId = c.req.param('id');
    const { user: actor } = await requireCapability(c, docId, 'manage', 'close review rounds');
    const services = c.get('services');
    const round = await services.rounds.close(docId, c.req.param('rid'), actor);
    return c.json({ round, mail: mailStatus(services) } satisfies OneRoundJson);
  });
