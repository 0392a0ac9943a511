/** Documents: list (mine), create (I become author), read meta, rename, delete (DocumentService does the work). */
import { Hono } from 'hono';
import {
  capabilitiesOf,
  titleBody,
  type DocMetaJson,
  type DocSummaryJson,
  type DocCreatedJson,
  type DocListJson,
  type DocRenamedJson,
  type OkJson,
} from '@concord/shared';
import type { AppEnv } from './context.js';
import { jsonBody, memberOf, paramsOf, requireCapability, requireMember, requireUserOr401, signedIn } from './route-helpers.js';

export const docRoutes = new Hono<AppEnv>()
  .get('/docs', async (c) => {
    const user = requireUserOr401(c);
    const { documents, consensus, rounds } = c.get('services');
    const docs = await documents.listFor(user.id);
    // Commissioners see how many blocks wait for their vote; one document at a time keeps memory flat.
    const needs = new Map<string, number>();
    for (const d of docs) if (d.role === 'commissioner') needs.set(d.id, await consensus.needsReviewCount(d.id, user.id));
    const open = new Map<string, DocSummaryJson['round']>();
    for (const d of docs) {
      const nearest = await rounds.nearestFor(d.id, user.id, d.role === 'commissioner');
      if (nearest) {
        const { round, left, total, sections } = nearest;
        open.set(d.id, {
          id: round.id,
          deadline: round.deadline,
          message: round.message,
          left,
          total,
          sectionIds: round.sectionIds,
          sections,
        });
      }
    }
    return c.json({
      docs: docs.map((d): DocSummaryJson => ({
        id: d.id,
        title: d.title,
        updated: d.updatedAt,
        created: d.createdAt,
        role: d.role,
        capabilities: capabilitiesOf(d.role),
        needsMyReview: needs.get(d.id) ?? null,
        round: open.get(d.id) ?? null,
      })),
    } satisfies DocListJson);
  })
  .post('/docs', signedIn, jsonBody(titleBody), async (c) => {
    const user = requireUserOr401(c);
    const meta = await c.get('services').documents.create({ id: user.id }, user.id, c.req.valid('json').title);
    return c.json({ id: meta.id, title: meta.title } satisfies DocCreatedJson, 201);
  })
  .get('/docs/:id', paramsOf('id'), async (c) => {
    const docId = c.req.param('id');
    const { role } = await requireMember(c, docId);
    const meta = await c.get('services').documents.get(docId);
    return c.json({
      id: meta.id,
      title: meta.title,
      updated: meta.updatedAt,
      created: meta.createdAt,
      role,
      capabilities: capabilitiesOf(role),
    } satisfies DocMetaJson);
  })
  .patch('/docs/:id', paramsOf('id'), memberOf('manage'), jsonBody(titleBody), async (c) => {
    const docId = c.req.param('id');
    const { user } = await requireCapability(c, docId, 'manage');
    const meta = await c.get('services').documents.rename(docId, { id: user.id }, c.req.valid('json').title);
    return c.json({ id: meta.id, title: meta.title, updated: meta.updatedAt } satisfies DocRenamedJson);
  })
  .delete('/docs/:id', paramsOf('id'), async (c) => {
    const docId = c.req.param('id');
    const { user } = await requireCapability(c, docId, 'manage');
    await c.get('services').documents.delete(docId, { id: user.id });
    return c.json({ ok: true } satisfies OkJson);
  });
