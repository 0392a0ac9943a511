/**
 * Version history (docs/PROTOCOL.md, "Versions"; issue 18). Every member views
 * and compares; authors name versions and restore whole ones; whoever may edit
 * (commissioners too) restores a single block, which is an edit like any other.
 */
import { Hono } from 'hono';
import {
  compareQuery,
  restoreBody,
  versionBody,
  type BlockHistoryJson,
  type CompareJson,
  type OneVersionJson,
  type RestoreJson,
  type VersionDetailJson,
  type VersionsJson,
} from '@concord/shared';
import type { AppEnv } from './context.js';
import { jsonBody, memberOf, paramsOf, queryOf, requireCapability, requireMember } from './route-helpers.js';

export const versionRoutes = new Hono<AppEnv>()
  .get('/docs/:id/versions', paramsOf('id'), memberOf(), async (c) => {
    const versions = await c.get('services').versions.list(c.req.param('id'));
    return c.json({ versions } satisfies VersionsJson);
  })
  .post('/docs/:id/versions', paramsOf('id'), memberOf('manage', 'name versions'), jsonBody(versionBody), async (c) => {
    const docId = c.req.param('id');
    const actor = await requireMember(c, docId);
    const version = await c.get('services').versions.name(docId, actor, c.req.valid('json').name);
    return c.json({ version } satisfies OneVersionJson, 201);
  })
  .get('/docs/:id/versions/:vid', paramsOf('id', 'vid'), memberOf(), async (c) => {
    const detail = await c.get('services').versions.get(c.req.param('id'), c.req.param('vid'));
    return c.json(detail satisfies VersionDetailJson);
  })
  .get('/docs/:id/compare', paramsOf('id'), memberOf(), queryOf(compareQuery), async (c) => {
    const { from, to, agreementChanged } = c.req.valid('query');
    const result = await c.get('services').versions.compare(c.req.param('id'), from, to, agreementChanged);
    return c.json(result satisfies CompareJson);
  })
  .get('/docs/:id/blocks/:blockId/history', paramsOf('id', 'blockId'), memberOf(), async (c) => {
    const history = await c.get('services').versions.blockHistory(c.req.param('id'), c.req.param('blockId'));
    return c.json(history satisfies BlockHistoryJson);
  })
  .post('/docs/:id/versions/:vid/restore', paramsOf('id', 'vid'), memberOf('edit', 'restore text'), jsonBody(restoreBody), async (c) => {
    const docId = c.req.param('id');
    const { blockId } = c.req.valid('json');
    // A whole version is the author's call; one block is an edit like any other.
    const actor =
      blockId === undefined ? await requireCapability(c, docId, 'manage', 'restore a whole version') : await requireMember(c, docId);
    const result = await c.get('services').versions.restore(docId, actor, c.req.param('vid'), blockId);
    return c.json(result satisfies RestoreJson);
  });
