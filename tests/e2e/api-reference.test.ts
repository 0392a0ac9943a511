/**
 * The API reference page renders in a real browser from this server alone: no
 * request leaves the server's origin, and the operations of the OpenAPI
 * document are listed.
 */
import { describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { newPerson } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';

let server: TestServer | undefined;
const suite = useBrowserSuite(async () => {
  await server?.dispose();
  server = undefined;
});

describe('the API reference page', () => {
  it('lists the operations of /api/openapi.json, loading nothing from other origins', async () => {
    server = await startTestServer();
    const visitor = await newPerson(suite.browser, server.url);
    suite.people.push(visitor);
    const origins = new Set<string>();
    visitor.page.on('request', (r) => origins.add(new URL(r.url()).origin));
    await visitor.page.goto('/api/reference');
    const createDoc = visitor.page.locator('.opblock-summary-path', { hasText: /^\/api\/docs$/ }).first();
    await createDoc.waitFor({ timeout: 30_000 });
    expect(await visitor.page.locator('.opblock').count()).toBeGreaterThan(30);
    expect([...origins].filter((o) => o !== server!.url && o !== 'null')).toEqual([]);
    expect(visitor.errors.filter((e) => /Content Security Policy|Refused/i.test(e))).toEqual([]);
  });
});
