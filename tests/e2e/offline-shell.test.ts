/**
 * The service worker keeps every chunk of the build, not only the entry that
 * index.html names: a page whose code is loaded lazily (the editor) opens while
 * the server is down even if this browser never opened it online.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { newSignedInPerson } from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { demo, demoDocId, DEMO_PASSWORD } from './demo.js';

let server: TestServer | undefined;
let dataDir: string | undefined;
const suite = useBrowserSuite(async () => {
  await server?.stop();
  server = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the offline app shell', () => {
  it('keeps the lazily loaded chunks, so the editor page opens offline without having been visited', async () => {
    server = await startTestServer({ env: { DEMO: 'true' } });
    dataDir = server.dataDir;
    const docId = await demoDocId(server);
    const manifest = (await (await fetch(`${server.url}/asset-manifest.json`)).json()) as { assets: string[] };
    const editorChunk = manifest.assets.find((a) => /\/EditorPage-[^/]+\.js$/.test(a));
    expect(editorChunk, 'the editor is a chunk of its own').toBeDefined();

    // Only the document list is visited online: the editor's chunk is never requested.
    const url = server.url;
    const ines = await newSignedInPerson(suite.browser, url, demo.ines.email, DEMO_PASSWORD, '/');
    suite.people.push(ines);
    const requested: string[] = [];
    ines.page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await ines.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    await ines.page.waitForFunction(
      async (assets) => {
        const cache = await caches.open('concord-shell-v1');
        for (const a of assets) if (!(await cache.match(a))) return false;
        return true;
      },
      manifest.assets,
      { timeout: 30_000 },
    );
    expect(requested.filter((p) => p.includes('/EditorPage-'))).toEqual([]);

    await server.stop();
    server = undefined;
    // Served from this device: the shell, the entry, then the editor's chunk,
    // which renders its own offline message (no copy of this document is kept yet).
    await ines.page.goto(`/d/${docId}`);
    await expect
      .poll(() => ines.page.locator('main, body').first().innerText(), { timeout: 30_000 })
      .toContain('This document could not be opened');
    expect(ines.errors.filter((e) => /dynamically imported module|ChunkLoadError|Loading chunk/i.test(e))).toEqual([]);
  });
});
