/** Export (publishers and the author) and import (any signed-in user creates a document from a file). */
import { Hono } from 'hono';
import {
  exportFileQuery,
  exportManifestQuery,
  exportQuery,
  importQuery,
  MAX_TITLE_LENGTH,
  type ExportPreviewBlockJson,
  type ExportPreviewJson,
  type ImportResultJson,
  type MarkdownImageMode,
  type DissentAnnexMode,
} from '@concord/shared';
import type { AppEnv } from './context.js';
import { badRequest, memberOf, paramsOf, queryOf, rateLimited, requireUserOr401, signedIn, tooLarge } from './route-helpers.js';
import type { ExportRequest } from '../publish/export-service.js';
import { DEFAULT_MAX_IMPORT_BYTES } from '../import/import-error.js';
import { IMPORTS_PER_WINDOW, IMPORT_WINDOW_MINUTES } from '../import/import-limits.js';
// Named modules, not the package index: the index's export stack (DOCX writer, zip) must load on first export, not at start.
import { filterConsensus } from '@concord/shared/export/filter-consensus';
import { parseDocJSON } from '@concord/shared/export/doc-model';
import { HTML_CSP } from '@concord/shared/export/html/render';

/** The export options as the export service takes them. */
function exportRequest(
  query: {
    scope: 'consensus' | 'draft';
    record: boolean;
    keepRecommendationNumbers: boolean;
    images: MarkdownImageMode;
    placeholders: boolean;
    dissent: DissentAnnexMode;
    version?: string | undefined;
  },
  maxImageBytes: number,
): ExportRequest {
  return {
    version: query.version,
    scope: query.scope,
    includeRecord: query.record,
    keepRecommendationNumbers: query.keepRecommendationNumbers,
    markdownImages: query.images,
    withheldPlaceholders: query.placeholders,
    dissentAnnex: query.dissent,
    maxImageBytes,
  };
}

export const publishRoutes = new Hono<AppEnv>()
  .get('/docs/:id/export', paramsOf('id'), memberOf('export'), queryOf(exportFileQuery), async (c) => {
    const docId = c.req.param('id');
    const query = c.req.valid('query');
    const format = query.format;
    const services = c.get('services');
    const input = await services.exportInput(docId, exportRequest(query, services.config.maxExportImageBytes));
    // Rendered in the export worker (time and memory limits), never on the event loop.
    const file = await services.exports.file(input, format);
    const headers: Record<string, string> = {
      'content-type': file.mediaType,
      'content-disposition': `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    };
    if (format === 'html') headers['content-security-policy'] = HTML_CSP;
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, headers);
  })
  .get('/docs/:id/export/manifest', paramsOf('id'), memberOf('export'), queryOf(exportManifestQuery), async (c) => {
    const docId = c.req.param('id');
    const services = c.get('services');
    const input = await services.exportInput(docId, exportRequest(c.req.valid('query'), services.config.maxExportImageBytes));
    return c.json(await services.exports.manifest(input));
  })
  .get('/docs/:id/export/preview', paramsOf('id'), memberOf(), queryOf(exportQuery), async (c) => {
    const docId = c.req.param('id');
    const request = exportRequest(c.req.valid('query'), c.get('services').config.maxExportImageBytes);
    const input = await c.get('services').exportInput(docId, request);
    const { view } = await c.get('services').consensus.view(docId);
    const kept = filterConsensus(parseDocJSON(input.doc), (id) => input.blocks.get(id)?.status === 'agreed');
    const keptIds = new Set<string>();
    const collect = (node: { attrs?: { id?: unknown }; content?: unknown[] }) => {
      if (typeof node.attrs?.id === 'string') keptIds.add(node.attrs.id);
      for (const child of node.content ?? []) collect(child as never);
    };
    collect(kept as never);
    const blocks = view.entries.map(({ block, consensus }): ExportPreviewBlockJson => ({
      id: block.id,
      kind: block.kind,
      level: block.level ?? null,
      text: block.text,
      status: consensus.status,
      stale: consensus.stale,
      included: request.scope === 'draft' || (block.id !== null && keptIds.has(block.id)),
    }));
    return c.json({
      scope: request.scope,
      included: blocks.filter((b) => b.included).length,
      excluded: blocks.filter((b) => !b.included).length,
      blocks,
    } satisfies ExportPreviewJson);
  })
  .post('/docs/import', signedIn, queryOf(importQuery), async (c) => {
    const user = requireUserOr401(c);
    const services = c.get('services');
    const length = Number(c.req.header('content-length') ?? '0');
    if (length > DEFAULT_MAX_IMPORT_BYTES + 64 * 1024) throw tooLarge(`the import limit is ${DEFAULT_MAX_IMPORT_BYTES / 1024 / 1024} MB`);
    // Every attempt counts, refused ones too.
    const waitMs = await services.importLimiter.take(user.id);
    if (waitMs > 0) throw rateLimited(`at most ${IMPORTS_PER_WINDOW} imports per ${IMPORT_WINDOW_MINUTES} minutes`, waitMs / 1000);
    // Imports create documents: the same per-account cap as POST /docs.
    await services.documents.assertMayCreate(user.id);
    let filename: string | undefined;
    let bytes: Uint8Array;
    let title: string | undefined;
    if ((c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
      const form = await c.req.parseBody();
      const file = form.file;
      if (!(file instanceof File)) throw badRequest('send the file in a form field named "file"');
      filename = file.name;
      bytes = new Uint8Array(await file.arrayBuffer());
      title = typeof form.title === 'string' ? form.title : undefined;
    } else {
      ({ filename, title } = c.req.valid('query'));
      bytes = new Uint8Array(await c.req.arrayBuffer());
    }
    if (!filename) throw badRequest('a filename (with .md, .html or .docx) is required');
    title = (title ?? filename.replace(/\.[^.]+$/, '')).trim().slice(0, MAX_TITLE_LENGTH) || 'Imported document';
    // Converted in the import worker (time and memory limits), never on the event loop. Its
    // ImportError and ImportBusyError are DomainErrors (413/400 with {importError: code}; 503), mapped in app.onError.
    const { update, report, images } = await services.imports.run({ filename, bytes });
    // The file's pictures become the new document's images (its figures name them by hash).
    const meta = await services.documents.create({ id: user.id }, user.id, title, {
      update,
      images: images.map((i) => ({ ...i, createdBy: user.id })),
    });
    // The imported text is the document's first version (issue 18).
    await services.versions.checkpoint(meta.id, 'import', user.id);
    return c.json({ id: meta.id, title: meta.title, report: { ...report, kept: { ...report.kept } } } satisfies ImportResultJson, 201);
  });
