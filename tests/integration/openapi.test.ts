/**
 * The OpenAPI document describes the real API: every route the app registers
 * and every route docs/PROTOCOL.md names is in /api/openapi.json; request
 * bodies are the schemas the routes validate with; the reference page needs
 * nothing from outside this server.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '@concord/server/app';
import { routeDocs } from '@concord/server/http/openapi/route-docs';
import { validationOf } from '@concord/server/http/validate';
import { titleBody } from '@concord/shared';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { signedInUser } from '../helpers/users.js';

interface OpenApi {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      { requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { headers?: Record<string, unknown> }> }
    >
  >;
}

let server: TestServer;
let spec: OpenApi;

beforeAll(async () => {
  server = await startTestServer();
  const res = await fetch(`${server.url}/api/openapi.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  spec = (await res.json()) as OpenApi;
});
afterAll(() => server.dispose());

const toOpenApi = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const described = (method: string, path: string) => spec.paths[toOpenApi(path)]?.[method.toLowerCase()] !== undefined;

/** `GET /api/docs/:id/export?format=…` and `PUT /api/docs/:id/rule {"kind"…}` → method and bare path. */
function protocolRoutes(): { method: string; path: string }[] {
  const text = readFileSync(new URL('../../docs/PROTOCOL.md', import.meta.url), 'utf8');
  const found = new Map<string, { method: string; path: string }>();
  for (const m of text.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^\s`?{]*)/g))
    found.set(`${m[1]} ${m[2]}`, { method: m[1]!, path: m[2]! });
  return [...found.values()];
}

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document', () => {
    expect(spec.openapi).toBe('3.1.0');
  });

  it('describes every route the app registers', () => {
    const { api } = buildApp(server.services);
    const routes = api.routes.filter((r) => r.method !== 'ALL').map((r) => ({ method: r.method, path: `/api${r.path}` }));
    routes.push({ method: 'GET', path: '/healthz' }, { method: 'GET', path: '/readyz' }, { method: 'GET', path: '/sync/:docId' });
    expect(routes.length).toBeGreaterThan(30);
    const missing = routes.filter((r) => !described(r.method, r.path)).map((r) => `${r.method} ${r.path}`);
    expect(missing, 'add these to server/src/http/openapi/route-docs.ts').toEqual([]);
  });

  it('describes every route docs/PROTOCOL.md names', () => {
    const routes = protocolRoutes();
    expect(routes.length).toBeGreaterThan(30);
    const missing = routes.filter((r) => !described(r.method, r.path)).map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it('documents request bodies with the schema the route validates with, and the route enforces it', async () => {
    const body = spec.paths['/api/docs']!.post!.requestBody!.content['application/json']!.schema;
    const { $schema: _dialect, ...fromValidator } = z.toJSONSchema(titleBody, { target: 'draft-2020-12', io: 'input' });
    expect(body).toEqual(fromValidator);
    expect(body).toMatchObject({ properties: { title: { maxLength: 200 } }, required: ['title'] });
    const { cookie } = await signedInUser(server);
    const tooLong = await fetch(`${server.url}/api/docs`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x'.repeat(201) }),
    });
    expect(tooLong.status).toBe(400);
  });

  it('describes every route with the very body and query schemas the route validates with', () => {
    const { api } = buildApp(server.services);
    // `post /api/docs` → what its middlewares validate, read from the validators themselves.
    const validated = new Map<string, { json?: z.ZodType; query?: z.ZodType }>();
    for (const route of api.routes) {
      const validation = validationOf(route.handler);
      if (validation === undefined) continue;
      const key = `${route.method.toLowerCase()} /api${route.path}`;
      validated.set(key, { ...validated.get(key), [validation.target]: validation.schema });
    }
    expect(validated.size).toBeGreaterThanOrEqual(30); // 34 when written
    const documented = new Map(routeDocs.map((doc) => [`${doc.method} ${doc.path}`, { json: doc.body, query: doc.query }]));
    const drifted = [...new Set([...validated.keys(), ...documented.keys()])].filter((key) => {
      const [v, d] = [validated.get(key), documented.get(key)];
      // Identity, not likeness: two schemas of the same shape could still differ in a limit.
      return v?.json !== d?.json || v?.query !== d?.query;
    });
    expect(drifted, 'route-docs.ts must name the schema the route validates with (body / query)').toEqual([]);
  });

  it('says that rate-limited answers carry Retry-After', () => {
    const login = spec.paths['/api/auth/login']!.post!.responses['429']!;
    expect(login.headers).toHaveProperty('Retry-After');
  });
});

describe('GET /api/reference', () => {
  it('serves a reference page whose scripts and styles all come from this server', async () => {
    const res = await fetch(`${server.url}/api/reference`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThanOrEqual(3);
    for (const ref of refs) {
      expect(ref).toMatch(/^\/api\/reference\//);
      const asset = await fetch(`${server.url}${ref}`);
      expect(asset.status, ref).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, ref).toBeGreaterThan(0);
    }
    expect((await fetch(`${server.url}/api/reference/package.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/reference/..%2F..%2Fpackage.json`)).status).toBe(404);
  });
});
