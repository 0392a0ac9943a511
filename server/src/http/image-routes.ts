/**
 * Figure images: upload (members who may edit) and download (any member).
 * Non-members get the same 404 as for a document that does not exist, signed-out
 * callers 401, on every path; an image is looked up only within the document
 * named in the URL. Images are served as inert files: the type decided from
 * their bytes on upload, nosniff, and a CSP that forbids any active content.
 */
import { Hono } from 'hono';
import { imageUploadQuery, isImageHash, type UploadedImageJson } from '@concord/shared';
import type { AppEnv } from './context.js';
import { badRequest, memberOf, notFound, paramsOf, queryOf, requireCapability, requireMember } from './route-helpers.js';

/** What an image response carries besides its bytes. */
const IMAGE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
  'cross-origin-resource-policy': 'same-origin',
  // Content-addressed, so it never changes; but every view re-checks membership (304 when allowed).
  'cache-control': 'private, no-cache',
} as const;

export const imageRoutes = new Hono<AppEnv>()
  .post('/docs/:id/images', paramsOf('id'), memberOf('edit'), queryOf(imageUploadQuery), async (c) => {
    const docId = c.req.param('id');
    const { user } = await requireCapability(c, docId, 'edit');
    let bytes: Uint8Array;
    let declaredType: string | undefined;
    let filename: string | undefined;
    if ((c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
      const form = await c.req.parseBody();
      const file = form.file;
      if (!(file instanceof File)) throw badRequest('send the image in a form field named "file"');
      bytes = new Uint8Array(await file.arrayBuffer());
      declaredType = file.type;
      filename = file.name;
    } else {
      bytes = new Uint8Array(await c.req.arrayBuffer());
      declaredType = c.req.header('content-type');
      filename = c.req.valid('query').filename;
    }
    const { meta, created } = await c.get('services').images.upload(docId, user.id, { bytes, declaredType, filename });
    return c.json(
      {
        hash: meta.hash,
        mediaType: meta.mediaType,
        width: meta.width,
        height: meta.height,
        byteLength: meta.byteLength,
        url: `/api/docs/${encodeURIComponent(docId)}/images/${meta.hash}`,
      } satisfies UploadedImageJson,
      created ? 201 : 200,
    );
  })
  .get('/docs/:id/images/:hash', paramsOf('id', 'hash'), async (c) => {
    const docId = c.req.param('id');
    // Membership first: a non-member learns nothing, not even whether the hash is well-formed.
    await requireMember(c, docId);
    const hash = c.req.param('hash');
    if (!isImageHash(hash)) throw notFound('no such image');
    const etag = `"${hash}"`;
    const image = await c.get('services').images.get(docId, hash);
    if (!image) throw notFound('no such image');
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { ...IMAGE_HEADERS, etag });
    return c.body(image.bytes as Uint8Array<ArrayBuffer>, 200, {
      ...IMAGE_HEADERS,
      etag,
      'content-type': image.mediaType,
      'content-disposition': `inline; filename="${hash}.${image.mediaType.slice('image/'.length)}"`,
    });
  });
