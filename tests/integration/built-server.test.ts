/**
 * README's first command ends in `node server/dist/main.js`: the esbuild bundle,
 * whose npm imports (its own and those of the shared/ sources it inlines) must
 * all resolve from server/. The other integration tests run the TypeScript
 * sources, so only this one would notice a bundle that cannot start.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDataDir } from '../helpers/server.js';
import { BUILT_SERVER, REPO_ROOT, startServerProcess, type ServerProcess } from '../helpers/process.js';

let server: ServerProcess | undefined;
const dataDir = makeDataDir();
afterAll(async () => {
  await server?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the built server (pnpm start)', () => {
  it('starts with demo content, serves the client and the API description', async () => {
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
  });
});
