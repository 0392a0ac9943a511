/**
 * Builds the OpenAPI 3.1 document from the route descriptions. Schemas come
 * from zod's own JSON Schema output (draft 2020-12, the dialect OpenAPI 3.1
 * uses), taken on the input side: what a client may send.
 */
import { z } from 'zod';
import { pathId } from '@concord/shared';
import type { RouteDoc } from './route-doc.js';

type Json = Record<string, unknown>;

const SESSION_COOKIE = 'concord_session';

/** `/api/docs/:id/members/:userId` → `/api/docs/{id}/members/{userId}`. */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function pathParams(honoPath: string): string[] {
  return [...honoPath.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
}

function jsonSchema(schema: z.ZodType): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
}

const errorBody: Json = jsonSchema(
  z.object({
    error: z.object({
      code: z.string().describe('bad_request, unauthorized, forbidden, not_found, conflict, too_large, rate_limited, …'),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  }),
);

function operation(route: RouteDoc): Json {
  const { description: idDescription, ...idSchema } = jsonSchema(pathId);
  const parameters: Json[] = pathParams(route.path).map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: idSchema,
    ...(typeof idDescription === 'string' ? { description: idDescription } : {}),
  }));
  if (route.query) {
    const query = jsonSchema(route.query) as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      const { description, ...rest } = schema;
      parameters.push({
        name,
        in: 'query',
        required: query.required?.includes(name) ?? false,
        schema: rest,
        ...(description ? { description } : {}),
      });
    }
  }
  const responses: Json = {};
  for (const [status, doc] of Object.entries(route.responses)) {
    const { description, contentType } = typeof doc === 'string' ? { description: doc, contentType: undefined } : doc;
    const code = Number(status);
    if (code >= 400) {
      const headers =
        code === 429
          ? { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } } }
          : undefined;
      responses[status] = {
        description,
        ...(headers ? { headers } : {}),
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    } else if (code === 101) {
      responses[status] = { description };
    } else {
      responses[status] = { description, content: { [contentType ?? 'application/json']: {} } };
    }
  }
  if (route.auth !== 'none' && !('401' in responses))
    responses['401'] = {
      description: 'Not signed in',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  return {
    tags: [route.tag],
    summary: route.summary,
    operationId: `${route.method}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    ...(parameters.length ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: !route.body.safeParse(undefined).success,
            content: { 'application/json': { schema: jsonSchema(route.body) } },
          },
        }
      : {}),
    ...(route.rawBody
      ? {
          requestBody: {
            required: true,
            description: route.rawBody.description,
            content: { [route.rawBody.contentType]: { schema: { type: 'string', contentMediaType: route.rawBody.contentType } } },
          },
        }
      : {}),
    ...(route.auth === 'none' ? { security: [] } : {}),
    responses,
  };
}

export function buildOpenApiDocument(routes: readonly RouteDoc[], version: string): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Concord HTTP API',
      version,
      description:
        'The HTTP API of a Concord server. Live editing runs over the WebSocket at /sync/{docId}; docs/PROTOCOL.md describes its messages and close codes. Browser requests from other origins are refused (403).',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/' }],
    security: [{ session: [] }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Set by POST /api/auth/login' } },
      schemas: { Error: errorBody },
    },
    paths,
  };
}
