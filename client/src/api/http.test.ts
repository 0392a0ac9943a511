/**
 * The typed client's own behaviour, against a stubbed fetch: URLs and bodies as
 * the server's routes expect them, path parameters encoded, the server's error
 * shape turned into ApiError (with its details), 401 reported to the session
 * except where the caller asks for quiet, and a refused vote's 409 as VoteConflict.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, onUnauthorized } from './http';
import { authApi } from './auth';
import { docsApi } from './docs';
import { consensusApi, SignOffConflict, VoteConflict } from './consensus';
import { publishApi } from './publish';

interface Seen {
  url: string;
  method: string;
  body: string | undefined;
  contentType: string | null;
}

let seen: Seen[] = [];
let reply: () => Response = () => Response.json({});

beforeEach(() => {
  seen = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    seen.push({
      url: input,
      method: init.method ?? 'GET',
      body: typeof init.body === 'string' ? init.body : undefined,
      contentType: new Headers(init.headers).get('content-type'),
    });
    return reply();
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const error = (status: number, code: string, message: string, details?: unknown) =>
  Response.json({ error: { code, message, ...(details !== undefined ? { details } : {}) } }, { status });

describe('the typed API client', () => {
  it('calls the route with its method, encoded path parameters and a JSON body', async () => {
    reply = () => Response.json({ id: 'a/b', title: 'New', updated: '2026-12-02T00:00:00.000Z' });
    const renamed = await docsApi.rename('a/b', 'New');
    expect(renamed.title).toBe('New');
    expect(seen).toEqual([{ url: '/api/docs/a%2Fb', method: 'PATCH', body: '{"title":"New"}', contentType: 'application/json' }]);
  });

  it("turns the server's error shape into an ApiError, details kept", async () => {
    reply = () => error(400, 'bad_request', 'title: must not be empty', { issues: [{ path: 'title', message: 'must not be empty' }] });
    const err = await docsApi.create('').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'bad_request', message: 'title: must not be empty' });
    expect((err as ApiError).details).toEqual({ issues: [{ path: 'title', message: 'must not be empty' }] });
  });

  it('a network failure is an ApiError of status 0', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    const err = await docsApi.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).isNetwork).toBe(true);
  });

  it('reports a 401 to the session (sign-out), but not when signing in or asking who I am', async () => {
    const heard = vi.fn();
    const stop = onUnauthorized(heard);
    try {
      reply = () => error(401, 'unauthorized', 'sign in first');
      await expect(docsApi.list()).rejects.toMatchObject({ status: 401 });
      expect(heard).toHaveBeenCalledTimes(1);
      await expect(authApi.login('a@example.org', 'wrong')).rejects.toMatchObject({ status: 401 });
      expect(await authApi.me()).toBeNull();
      expect(heard).toHaveBeenCalledTimes(1);
    } finally {
      stop();
    }
  });

  it("a vote refused because the block changed is a VoteConflict with the server's text", async () => {
    reply = () => error(409, 'conflict', 'the paragraph changed', { fingerprint: 'ab12', text: 'New words' });
    const err = await consensusApi.vote('d1', 'b1', { stance: 'agree', fingerprint: 'cd'.repeat(8) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VoteConflict);
    expect(err).toMatchObject({ fingerprint: 'ab12', text: 'New words' });
    expect(seen[0]).toMatchObject({ url: '/api/docs/d1/blocks/b1/vote', method: 'PUT' });
  });

  it('a sign-off refused because blocks changed is a SignOffConflict listing them; another 409 stays an ApiError', async () => {
    reply = () => error(409, 'conflict', 'changed', { changed: [{ blockId: 'b1', text: null }] });
    const err = await consensusApi
      .voteMany('d1', [{ blockId: 'b1', stance: 'agree', fingerprint: 'cd'.repeat(8) }])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignOffConflict);
    expect((err as SignOffConflict).changed).toEqual([{ blockId: 'b1', text: null }]);
    reply = () => error(409, 'conflict', 'something else');
    const other = await consensusApi
      .voteMany('d1', [{ blockId: 'b1', stance: 'agree', fingerprint: 'cd'.repeat(8) }])
      .catch((e: unknown) => e);
    expect(other).toBeInstanceOf(ApiError);
    expect(other).not.toBeInstanceOf(SignOffConflict);
  });

  it('builds the export links the server serves', () => {
    expect(publishApi.exportUrl('d 1', 'docx', { scope: 'consensus', record: true, placeholders: false, dissent: 'none' })).toBe(
      '/api/docs/d%201/export?format=docx&scope=consensus&record=1',
    );
    expect(publishApi.manifestUrl('d1', { scope: 'draft', record: false, placeholders: false, dissent: 'none' })).toBe(
      '/api/docs/d1/export/manifest?scope=draft&record=0',
    );
    // Issue 14 #16: the placeholders and the annex of dissent, only when asked for.
    expect(publishApi.exportUrl('d1', 'md', { scope: 'consensus', record: false, placeholders: true, dissent: 'anonymous' })).toBe(
      '/api/docs/d1/export?format=md&scope=consensus&record=0&placeholders=1&dissent=anonymous',
    );
  });
});
