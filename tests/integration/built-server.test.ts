/**
 * README's first command ends in `node server/dist/main.js`: the esbuild bundle,
 * whose npm imports (its own and those of the shared/ sources it inlines) must
 * all resolve from server/. The other integration tests run the TypeScript
 * sources, so only this one would notice a bundle that cannot start.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDataDir } from '../helpers/server.js';
import { BUILT_SERVER, REPO_ROOT, startServerProcess, type ServerProcess } from '../helpers/process.js';
import { stockClient, synced } from '../helpers/yclient.js';

let server: ServerProcess | undefined;
const dataDir = makeDataDir();
afterAll(async () => {
  await server?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the built server (pnpm start)', () => {
  it('starts with demo content, serves the client and the API description, syncs and exports', { timeout: 120_000 }, async () => {
    expect(existsSync(join(REPO_ROOT, BUILT_SERVER)), `${BUILT_SERVER} is missing: run \`pnpm build\` first`).toBe(true);
    server = await startServerProcess({ dataDir, entry: 'built', env: { DEMO: 'true' } });

    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');

    const api = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(api.openapi).toMatch(/^3\./);
    expect(Object.keys(api.paths).length).toBeGreaterThan(10);

    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email: 'author@demo.concord', password: 'concord-demo' }),
    });
    expect(login.status, await login.clone().text()).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const docs = (await (await fetch(`${server.url}/api/docs`, { headers: { cookie } })).json()) as { docs?: unknown[] } | unknown[];
    const list = Array.isArray(docs) ? docs : (docs.docs ?? []);
    expect(list.length).toBeGreaterThan(0);

    // The bundle carries Yjs, the socket server and its CommonJS parts (ws): a stock
    // client syncs the demo report, and an edit made here comes back in an export.
    const docId = (list[0] as { id: string }).id;
    const client = stockClient(server.url, docId, cookie);
    try {
      await synced(client, 30_000);
      const body = client.doc.getXmlFragment('default');
      expect(body.length).toBeGreaterThan(0);
      const marker = 'built-bundle-marker';
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(marker)]);
      body.insert(0, [paragraph]);
      // The export renders in the export worker (its own bundle entry) from the stored document.
      let exported = '';
      for (let attempt = 0; attempt < 60 && !exported.includes(marker); attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 500));
        const res = await fetch(`${server.url}/api/docs/${docId}/export?format=md&scope=draft`, { headers: { cookie } });
        expect(res.status, await res.clone().text()).toBe(200);
        exported = await res.text();
      }
      expect(exported).toContain(marker);
    } finally {
      client.destroy();
    }
  });
});
