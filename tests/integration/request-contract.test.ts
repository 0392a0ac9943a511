/**
 * The typed contract seen from outside (issue 13): every body and query is
 * validated with the shared zod schemas before a handler runs. Bad input is a
 * 400 naming the field, a body that is not sent as JSON is a 415 (Hono's own
 * validator would read it as `{}`), and in every case nothing changed. Access
 * is checked first, so a caller who may not use a route never sees its
 * validation messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '@concord/server/app';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { api, createCommissionDoc, signedInCommission, type Commission } from '../helpers/users.js';

let server: TestServer;
let people: Commission;
let docId: string;

beforeAll(async () => {
  server = await startTestServer();
  people = await signedInCommission(server);
  docId = await createCommissionDoc(server, people, 'Contract');
});
afterAll(() => server.dispose());

interface ErrorJson {
  error: { code: string; message: string; details?: { issues?: { path: string; message: string }[] } };
}

/** A request with exactly these headers and body bytes (no JSON content type added). */
async function raw(cookie: string | undefined, method: string, path: string, body: string | undefined, contentType?: string) {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  if (contentType) headers['content-type'] = contentType;
  const res = await fetch(`${server.url}${path}`, { method, headers, body });
  return { status: res.status, body: (await res.json()) as ErrorJson };
}

const docCount = async (cookie: string) => ((await api(server, cookie, 'GET', '/api/docs')).body.docs as unknown[]).length;

describe('request bodies', () => {
  it('refuse JSON sent without a JSON content type (415) and create nothing', async () => {
    const before = await docCount(people.author.cookie);
    const body = JSON.stringify({ title: 'Smuggled' });
    for (const contentType of [undefined, 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded']) {
      const res = await raw(people.author.cookie, 'POST', '/api/docs', body, contentType);
      expect(res.status).toBe(415);
      expect(res.body.error.code).toBe('unsupported_media_type');
      expect(res.body.error.message).toContain('Content-Type: application/json');
    }
    expect(await docCount(people.author.cookie)).toBe(before);
  });

  it('refuse a body whose fields are all optional too, when it is not sent as JSON', async () => {
    // `{}` would pass the schema: without the content-type check this adopt would run.
    const res = await raw(people.author.cookie, 'POST', `/api/docs/${docId}/proposals/nope/adopt`, '{"force":true}', 'text/plain');
    expect(res.status).toBe(415);
  });

  it('answer malformed JSON with 400', async () => {
    const res = await raw(people.author.cookie, 'POST', '/api/docs', '{"title": ', 'application/json');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'bad_request', message: 'request body must be JSON' });
  });

  it('name the field that is wrong, and change nothing', async () => {
    const renamed = await api(server, people.author.cookie, 'PATCH', `/api/docs/${docId}`, { title: '   ' });
    expect(renamed.status).toBe(400);
    expect(renamed.body.error.message).toBe('title: must not be empty');
    expect(renamed.body.error.details.issues).toEqual([{ path: 'title', message: 'must not be empty' }]);
    expect((await api(server, people.author.cookie, 'GET', `/api/docs/${docId}`)).body.title).toBe('Contract');

    const membersBefore = (await api(server, people.author.cookie, 'GET', `/api/docs/${docId}/members`)).body.members;
    const king = await api(server, people.author.cookie, 'PATCH', `/api/docs/${docId}/members/${people.c1.user.id}`, { role: 'king' });
    expect(king.status).toBe(400);
    expect(king.body.error.message).toMatch(/^role: must be one of commissioner, author, publisher, observer$/);
    expect((await api(server, people.author.cookie, 'GET', `/api/docs/${docId}/members`)).body.members).toEqual(membersBefore);

    const vote = await api(server, people.c1.cookie, 'PUT', `/api/docs/${docId}/blocks/any/vote`, { stance: 'maybe', fingerprint: 'xyz' });
    expect(vote.status).toBe(400);
    expect(vote.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['fingerprint', 'stance']);
    expect(await server.services.stores.consensus.listVotes(docId)).toEqual([]);

    const rule = await api(server, people.author.cookie, 'PUT', `/api/docs/${docId}/rule`, { kind: 'quorum', minAgree: 0, maxDispute: 0 });
    expect(rule.status).toBe(400);
    expect(rule.body.error.message).toContain('minAgree');
    expect((await api(server, people.author.cookie, 'GET', `/api/docs/${docId}/rule`)).body.rule).toEqual({ kind: 'unanimous' });
  });

  it('name the element of a list that is wrong', async () => {
    const res = await api(server, people.c1.cookie, 'POST', `/api/docs/${docId}/votes`, {
      votes: [
        { blockId: 'a', stance: 'agree', fingerprint: '0123456789abcdef' },
        { blockId: 'b', stance: 'agree' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('votes.1.fingerprint');
    expect(await server.services.stores.consensus.listVotes(docId)).toEqual([]);
  });
});

describe('a sign-off of a whole report', () => {
  it('is read whole (over the 64 KiB of other bodies): 1,000 blocks get an answer about the blocks, not 413', async () => {
    const votes = Array.from({ length: 1000 }, (_, i) => ({
      blockId: `missing-${i}`,
      stance: 'agree' as const,
      fingerprint: '0123456789abcdef',
      reason: 'x'.repeat(60),
    }));
    expect(JSON.stringify({ votes }).length).toBeGreaterThan(64 * 1024);
    const res = await api(server, people.c2.cookie, 'POST', `/api/docs/${docId}/votes`, { votes });
    expect(res.status).toBe(409); // none of these blocks exists: all or nothing, nothing recorded
    expect(res.body.error.details.changed).toHaveLength(1000);
    expect(await server.services.stores.consensus.listVotes(docId)).toEqual([]);
  });
});

describe('query strings', () => {
  it('name the parameter that is wrong', async () => {
    const audit = await api(server, people.author.cookie, 'GET', `/api/docs/${docId}/audit?limit=0`);
    expect(audit.status).toBe(400);
    expect(audit.body.error.message).toBe('limit: must be at least 1');
    const notes = await api(server, people.c1.cookie, 'GET', '/api/notifications?limit=lots');
    expect(notes.status).toBe(400);
    expect(notes.body.error.message).toContain('limit:');
    const threads = await api(server, people.c1.cookie, 'GET', `/api/docs/${docId}/threads?status=closed`);
    expect(threads.status).toBe(400);
    expect(threads.body.error.message).toBe('status: must be open, resolved or all');
    const exported = await api(server, people.publisher.cookie, 'GET', `/api/docs/${docId}/export?format=rtf`);
    expect(exported.status).toBe(400);
    expect(exported.body.error.message).toContain('format:');
  });

  it('fill in the documented defaults', async () => {
    const audit = await api(server, people.author.cookie, 'GET', `/api/docs/${docId}/audit`);
    expect(audit.status).toBe(200);
    const notes = await api(server, people.c1.cookie, 'GET', '/api/notifications?unread=1');
    expect(notes.status).toBe(200);
    expect(notes.body).toMatchObject({ notifications: [], unread: 0 });
  });
});

describe('every route that takes a JSON body', () => {
  it('refuses it when it is not sent as JSON (415), for whoever may use the route', async () => {
    const spec = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    };
    const routes = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => op.requestBody?.content['application/json'] !== undefined)
        .map(([method]) => ({ method: method.toUpperCase(), path: path.replace('{id}', docId).replace(/\{[^}]+\}/g, 'x') })),
    );
    expect(routes.length).toBeGreaterThanOrEqual(15); // 18 when written
    for (const { method, path } of routes) {
      // The author may use most routes, a commissioner the voting ones: one of them gets past the access check.
      const statuses = [];
      for (const who of [people.author, people.c1]) statuses.push((await raw(who.cookie, method, path, '{"x":1}', 'text/plain')).status);
      expect({ method, path, statuses: [...new Set(statuses.filter((s) => s !== 403))] }).toEqual({ method, path, statuses: [415] });
    }
  });
});

describe('path parameters', () => {
  it('are validated on every route: an overlong id is a 400 naming the parameter, for anyone, and nothing changed', async () => {
    const { api: routes } = buildApp(server.services);
    // `/reference/:file` names a file of the bundled API reference page (an allow-list), not an id.
    const withParams = routes.routes.filter((r) => r.method !== 'ALL' && r.path.includes('/:') && !r.path.startsWith('/reference/'));
    expect(withParams.length).toBeGreaterThanOrEqual(35); // 40 when written
    const docsBefore = await docCount(people.author.cookie);
    for (const route of withParams) {
      const names = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
      for (const name of names) {
        const path = `/api${route.path.replace(/:([A-Za-z0-9_]+)/g, (_m, n: string) => (n === name ? 'x'.repeat(201) : n === 'id' ? docId : 'x'))}`;
        for (const who of [undefined, people.author.cookie]) {
          const res = await raw(who, route.method, path, route.method === 'GET' ? undefined : '{}', 'application/json');
          expect({ route: `${route.method} ${route.path}`, name, status: res.status, message: res.body.error.message }).toEqual({
            route: `${route.method} ${route.path}`,
            name,
            status: 400,
            message: `${name}: must be at most 200 characters`,
          });
          expect(res.body.error.details?.issues).toEqual([{ path: name, message: 'must be at most 200 characters' }]);
        }
      }
    }
    expect(await docCount(people.author.cookie)).toBe(docsBefore);
    // Ids of the right length still reach the route: an unknown one is the route's 404, as before.
    expect((await api(server, people.author.cookie, 'GET', `/api/docs/${'x'.repeat(200)}`)).status).toBe(404);
  });
});

describe('access before validation', () => {
  it('answers 401, 404 and 403 whatever the body', async () => {
    const bad = { title: '' };
    expect((await api(server, undefined, 'PATCH', `/api/docs/${docId}`, bad)).status).toBe(401);
    expect((await api(server, people.outsider.cookie, 'PATCH', `/api/docs/${docId}`, bad)).status).toBe(404);
    expect((await api(server, people.observer.cookie, 'PATCH', `/api/docs/${docId}`, bad)).status).toBe(403);
    expect((await raw(people.observer.cookie, 'PUT', `/api/docs/${docId}/blocks/x/vote`, 'not json', 'text/plain')).status).toBe(403);
    expect((await api(server, people.publisher.cookie, 'GET', `/api/docs/${docId}/audit?limit=0`)).status).toBe(400); // publishers may read the audit log: their bad query is validated
    expect((await api(server, people.c1.cookie, 'GET', `/api/docs/${docId}/audit?limit=0`)).status).toBe(403);
  });
});
