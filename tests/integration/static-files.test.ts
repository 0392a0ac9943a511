/**
 * The built client as the server serves it (server/src/http/static-files.ts), from
 * a client directory written here: a file that exists is served with its type and
 * cache policy, a page of the app (a route, no extension) gets index.html, and a
 * file that does not exist is a 404 — never index.html. A tab still running an
 * older build asks for chunks a deploy has removed; given index.html it failed
 * with an HTML-MIME error, not a plain "not found".
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

const INDEX = '<!doctype html><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script>';
let clientDist: string;
let server: TestServer;

beforeAll(async () => {
  clientDist = mkdtempSync(join(tmpdir(), 'concord-client-dist-'));
  mkdirSync(join(clientDist, 'assets'));
  writeFileSync(join(clientDist, 'index.html'), INDEX);
  writeFileSync(join(clientDist, 'assets', 'index-abc123.js'), 'export const built = true;');
  writeFileSync(join(clientDist, 'sw.js'), '// service worker');
  server = await startTestServer({ env: { CLIENT_DIST: clientDist } });
});

afterAll(async () => {
  await server?.dispose();
  rmSync(clientDist, { recursive: true, force: true });
});

const get = (path: string) => fetch(`${server.url}${path}`);

describe('the built client over HTTP', () => {
  it('serves a hashed asset as JavaScript, cached for good', async () => {
    const res = await get('/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe('export const built = true;');
  });

  it('answers a missing asset with 404, not index.html, and lets nobody keep that answer', async () => {
    for (const path of ['/assets/EditorPage-gone999.js', '/assets/index-old.css', '/assets/nested/missing.js']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).not.toContain('text/html');
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(await res.text(), path).not.toContain('<div id="root">');
    }
  });

  it('answers any other missing file (a name with an extension) with 404', async () => {
    for (const path of ['/favicon.png', '/robots.txt', '/asset-manifest.json', '/d/d_abc/logo.svg']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain('<div id="root">');
    }
  });

  it('serves index.html, never cached without asking, for the pages of the app', async () => {
    for (const path of ['/', '/docs', '/signin?next=%2Fd%2Fd_abc', '/d/d_AbC-12_x', '/d/d_AbC-12_x/versions', '/no/such/page']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
      expect(await res.text(), path).toBe(INDEX);
    }
  });

  it('serves files outside /assets/ that exist, revalidated on every load', async () => {
    const res = await get('/sw.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });
});
