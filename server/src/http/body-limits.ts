/**
 * Request bodies are bounded by the bytes actually read, not by what
 * Content-Length claims: a chunked body has no length, and reading it whole
 * first let 200 MB sent to the sign-in endpoint grow the server by 600 MiB
 * before its 413. Hono's bodyLimit counts while it reads and stops at the limit.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.js';
import { bodyLimit } from 'hono/body-limit';
import { DEFAULT_MAX_IMPORT_BYTES } from '../import/import-error.js';
import { badRequest, tooLarge } from './errors.js';

/** Every request body but an import's (JSON requests are far smaller). */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;
/** An import: the file limit plus room for the multipart envelope. */
export const MAX_IMPORT_BODY_BYTES = DEFAULT_MAX_IMPORT_BYTES + 64 * 1024;

/** A proposal (issue 16): one block of at most 10,000 characters with its marks fits easily. */
export const MAX_PROPOSAL_BODY_BYTES = 256 * 1024;
const PROPOSAL_PATH = /^\/api\/docs\/[^/]+\/(blocks\/[^/]+\/proposals|proposals\/[^/]+)$/;

/** A sign-off of MAX_BATCH_VOTES blocks (~300 bytes each with a reason) must fit: a whole report is one request. */
export const MAX_SIGN_OFF_BODY_BYTES = 2 * 1024 * 1024;
const SIGN_OFF_PATH = /^\/api\/docs\/[^/]+\/votes$/;

/** A figure image upload: the configured image limit plus room for the multipart envelope. */
const IMAGE_PATH = /^\/api\/docs\/[^/]+\/images$/;

/** After the session middleware: only a signed-in account may send an import- or image-sized body. */
export function bodyLimits(maxImageBytes = 10 * 1024 * 1024): MiddlewareHandler<AppEnv> {
  const small = bodyLimit({
    maxSize: MAX_REQUEST_BODY_BYTES,
    onError: () => {
      throw tooLarge(`request body over ${MAX_REQUEST_BODY_BYTES} bytes`);
    },
  });
  const imports = bodyLimit({
    maxSize: MAX_IMPORT_BODY_BYTES,
    onError: () => {
      throw tooLarge(`the import limit is ${DEFAULT_MAX_IMPORT_BYTES / 1024 / 1024} MB`);
    },
  });
  // Oversize proposal content is a content error like any other (400), as the proposals API promises.
  const proposals = bodyLimit({
    maxSize: MAX_PROPOSAL_BODY_BYTES,
    onError: () => {
      throw badRequest(`a proposal may be at most ${MAX_PROPOSAL_BODY_BYTES} bytes of JSON`);
    },
  });
  const images = bodyLimit({
    maxSize: maxImageBytes + 64 * 1024,
    onError: () => {
      throw tooLarge(`an image may be at most ${(maxImageBytes / 1024 / 1024).toFixed(1)} MB`);
    },
  });
  const signOffs = bodyLimit({
    maxSize: MAX_SIGN_OFF_BODY_BYTES,
    onError: () => {
      throw tooLarge(`request body over ${MAX_SIGN_OFF_BODY_BYTES} bytes`);
    },
  });
  return (c, next) => {
    if (c.req.method === 'POST' && c.req.path === '/api/docs/import' && c.get('user')) return imports(c, next);
    if (c.req.method === 'POST' && SIGN_OFF_PATH.test(c.req.path) && c.get('user')) return signOffs(c, next);
    if (c.req.method === 'POST' && IMAGE_PATH.test(c.req.path) && c.get('user')) return images(c, next);
    if (PROPOSAL_PATH.test(c.req.path)) return proposals(c, next);
    return small(c, next);
  };
}
