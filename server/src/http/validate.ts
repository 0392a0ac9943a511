/**
 * Request validation for every route: the zod schemas of the contract
 * (@concord/shared, api/) through @hono/zod-validator. A handler reads the
 * parsed value with `c.req.valid('json' | 'query')`; an invalid one never reaches it.
 *
 * Failures are the API's usual `{error:{code,message,details}}`: 400 naming each
 * field (`title: must not be empty`), with `details.issues` for programs; a body
 * that is not JSON is 400 too; a non-empty body sent without a JSON content type
 * is 415 — Hono's own json validator would read it as `{}` and let a schema whose
 * fields are all optional pass it silently. No body at all is validated as `{}`, so
 * a route whose fields are all optional (adopt, request-review) may be called bare.
 *
 * Access checks run before these middlewares (see access.ts), so a caller who may
 * not use a route learns nothing from its validation messages.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { zValidator } from '@hono/zod-validator';
import type { z } from 'zod';
import { badRequest, unsupportedMedia } from './errors.js';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

interface Outcome {
  success: boolean;
  error?: { issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }> };
  target: string;
}

/** `field.path: message; …` for people, the issues themselves for programs. */
function rejectInvalid(result: Outcome): void {
  if (result.success || !result.error) return;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const where = result.target === 'query' ? 'query' : 'body';
  const message = issues.map((i) => `${i.path || where}: ${i.message}`).join('; ');
  throw badRequest(message, { issues });
}

/** Refuses what zod-validator would misread: a non-JSON body (415) and malformed JSON (400). */
async function requireJsonBody(c: Context): Promise<void> {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
  if (JSON_MEDIA_TYPE.test(mediaType)) {
    try {
      await c.req.json(); // cached: the validator reads the same parsed body
    } catch {
      throw badRequest('request body must be JSON');
    }
    return;
  }
  if ((await c.req.text()).trim() !== '')
    throw unsupportedMedia(`send the body as JSON with Content-Type: application/json (got ${mediaType || 'no content type'})`);
}

/** Validates the JSON body with `schema`; the handler reads it with `c.req.valid('json')`. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  const validate = zValidator('json', schema, rejectInvalid);
  const gated: typeof validate = async (c, next) => {
    await requireJsonBody(c);
    return validate(c, next);
  };
  return gated;
}

/** Validates the query string with `schema`; the handler reads it with `c.req.valid('query')`. */
export function queryOf<T extends z.ZodType>(schema: T) {
  return zValidator('query', schema, rejectInvalid);
}

export type { MiddlewareHandler };
