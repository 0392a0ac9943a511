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
import { z } from 'zod';
import { pathId } from '@concord/shared';
import { badRequest, unsupportedMedia } from './errors.js';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/** What a body or query validator checks, and with which schema. */
interface Validation {
  target: 'json' | 'query';
  schema: z.ZodType;
}

/**
 * The schema behind each middleware made here, so that a test can walk the app's
 * routes and prove /api/openapi.json describes each route with the very schema it
 * validates with (route-docs.ts names them by hand; this keeps the two from drifting).
 */
const validations = new WeakMap<object, Validation>();

/** The body or query schema `handler` validates with, if it is one of these validators. */
export function validationOf(handler: object): Validation | undefined {
  return validations.get(handler);
}

interface Outcome {
  success: boolean;
  error?: { issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }> };
  target: string;
}

/** `field.path: message; …` for people, the issues themselves for programs. */
function rejectInvalid(result: Outcome): void {
  if (result.success || !result.error) return;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const where = result.target === 'query' ? 'query' : result.target === 'param' ? 'path' : 'body';
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
  validations.set(gated, { target: 'json', schema });
  return gated;
}

/**
 * Validates the route's path parameters, each an id (`pathId`: 1 to 200
 * characters). Unlike the body and the query it comes first in the chain,
 * before the access checks: a parameter's shape says nothing about who may use
 * the route, and a malformed id then never reaches a store lookup. Handlers
 * may read `c.req.param(…)` or `c.req.valid('param')`: the values are the same.
 */
export function paramsOf<K extends string>(...names: K[]) {
  const shape = Object.fromEntries(names.map((name) => [name, pathId])) as Record<K, typeof pathId>;
  return zValidator('param', z.object(shape), rejectInvalid);
}

/** Validates the query string with `schema`; the handler reads it with `c.req.valid('query')`. */
export function queryOf<T extends z.ZodType>(schema: T) {
  const validate = zValidator('query', schema, rejectInvalid);
  validations.set(validate, { target: 'query', schema });
  return validate;
}

export type { MiddlewareHandler };
