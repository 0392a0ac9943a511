/**
 * What a newcomer sees on `pnpm start` (server/src/main.ts as a real process):
 * the last lines in the terminal say where to go and, on the demo content, how
 * to sign in; the log stays JSON lines on stdout. And who is told the demo
 * accounts (GET /api/auth/demo, the sign-in page's hint): only a server running
 * on the demo content it created, never a real deployment.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDataDir, startTestServer, type TestServer } from '../helpers/server.js';
import { startServerProcess, type ServerProcess } from '../helpers/process.js';
import { createUser, FIXTURE_COST } from '../helpers/users.js';
import { hashPassword } from '@concord/server/auth/password';

const dirs: string[] = [];
let proc: ServerProcess | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  await proc?.kill('SIGKILL');
  proc = undefined;
  await server?.dispose();
  server = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = makeDataDir();
  dirs.push(dir);
  return dir;
}

/** The banner is written once the server listens, just after /healthz starts answering. */
async function banner(p: ServerProcess): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (!p.stderr().includes('in your browser.')) {
    if (Date.now() > deadline) throw new Error(`no banner; output:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return p.stderr();
}

async function demoAnswer(url: string): Promise<unknown> {
  const res = await fetch(`${url}/api/auth/demo`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { demo: unknown }).demo;
}

describe('pnpm start in a terminal', () => {
  it('ends with the demo accounts and the address to open; the log on stdout stays JSON', { timeout: 120_000 }, async () => {
    const dir = dataDir();
    proc = await startServerProcess({ dataDir: dir, env: { DEMO: 'true', LOG_LEVEL: 'info' } });
    const lines = (await banner(proc)).trimEnd().split('\n');

    expect(lines.at(-1)).toBe(`Concord is running. Open ${proc.url} in your browser.`);
    const text = lines.join('\n');
    expect(text).toContain('Demo commission created. Sign in as any of these accounts:');
    for (const email of ['author@demo.concord', 'ines@demo.concord', 'publisher@demo.concord', 'observer@demo.concord'])
      expect(text).toContain(email);
    expect(text).toContain('with the password: concord-demo');
    // The log: every stdout line is a JSON object, among them the listening line.
    const logLines = proc.stdout().trim().split('\n');
    const parsed = logLines.map((l) => JSON.parse(l) as { msg?: string; url?: string; demo?: boolean });
    expect(parsed.find((l) => l.msg === 'Concord is listening')).toMatchObject({ url: proc.url, demo: true });
    expect(parsed.some((l) => l.msg === 'demo commission created')).toBe(true);
    expect(proc.stdout()).not.toContain('concord-demo');
    expect(existsSync(join(dir, 'demo-content'))).toBe(true);

    // The sign-in page's hint, from the same server.
    expect(await demoAnswer(proc.url)).toEqual({
      password: 'concord-demo',
      accounts: expect.arrayContaining([{ email: 'author@demo.concord', role: 'author' }]) as unknown,
    });
    await proc.kill('SIGTERM');

    // Started again on the demo: the accounts again, not "created".
    proc = await startServerProcess({ dataDir: dir, env: { DEMO: 'true' } });
    const again = await banner(proc);
    expect(again).toContain('Demo commission. Sign in as any of these accounts:');
    expect(again).not.toContain('created');
    expect(again.trimEnd().split('\n').at(-1)).toBe(`Concord is running. Open ${proc.url} in your browser.`);
    await proc.kill('SIGTERM');

    // DEMO=false hides them, on the same data dir.
    proc = await startServerProcess({ dataDir: dir, env: { DEMO: 'false' } });
    const off = await banner(proc);
    expect(off).not.toContain('demo');
    expect(off.trimEnd().split('\n').at(-1)).toBe(`Concord is running. Open ${proc.url} in your browser.`);
    expect(await demoAnswer(proc.url)).toBeNull();
  });

  it('PUBLIC_URL is the address to open', { timeout: 60_000 }, async () => {
    proc = await startServerProcess({ dataDir: dataDir(), env: { PUBLIC_URL: 'https://concord.example.org' } });
    expect((await banner(proc)).trimEnd().split('\n').at(-1)).toBe('Concord is running. Open https://concord.example.org in your browser.');
  });
});

describe('the demo accounts are told only on the demo', () => {
  it('a real deployment (accounts before the first start with DEMO on) answers null', async () => {
    const dir = dataDir();
    server = await startTestServer({ dataDir: dir });
    await createUser(server, 'Real Person');
    await server.dispose();
    server = await startTestServer({ dataDir: dir, env: { DEMO: 'true' } });
    expect(server.demo).toBeNull();
    expect(await demoAnswer(server.url)).toBeNull();
    expect(existsSync(join(dir, 'demo-content'))).toBe(false);
  });

  it('an empty data dir with DEMO=false is never seeded and answers null', async () => {
    server = await startTestServer({ dataDir: dataDir() });
    expect(await demoAnswer(server.url)).toBeNull();
  });

  /** A demo data dir as the seed left it before the marker existed: neither the marker nor the record that it was checked. */
  const asBeforeTheMarker = (dir: string) => ['demo-content', 'demo-content-checked'].forEach((f) => rmSync(join(dir, f), { force: true }));

  it(
    'demo data from before the marker is recognised once: the marker is written and the hint shows; deleting it then still hides it',
    {
      timeout: 60_000,
    },
    async () => {
      const dir = dataDir();
      server = await startTestServer({ dataDir: dir, env: { DEMO: 'true' } });
      await server.dispose();
      asBeforeTheMarker(dir);
      server = await startTestServer({ dataDir: dir, env: { DEMO: 'true' } });
      expect(server.demo).toMatchObject({ password: 'concord-demo', createdNow: false });
      expect(await demoAnswer(server.url)).toMatchObject({ password: 'concord-demo' });
      expect(existsSync(join(dir, 'demo-content'))).toBe(true);
      await server.dispose();
      rmSync(join(dir, 'demo-content'));
      server = await startTestServer({ dataDir: dir, env: { DEMO: 'true' } });
      expect(await demoAnswer(server.url)).toBeNull();
      expect(existsSync(join(dir, 'demo-content'))).toBe(false);
    },
  );

  it(
    'data from before the marker that is not only the demo (a real account added, the demo password changed) shows no hint',
    {
      timeout: 60_000,
    },
    async () => {
      const withReal = dataDir();
      server = await startTestServer({ dataDir: withReal, env: { DEMO: 'true' } });
      await createUser(server, 'Real Person');
      await server.dispose();
      const changed = dataDir();
      server = await startTestServer({ dataDir: changed, env: { DEMO: 'true' } });
      const author = (await server.services.stores.accounts.getUserByEmail('author@demo.concord'))!;
      await server.services.stores.accounts.setPasswordHash(author.id, await hashPassword('a real password now', FIXTURE_COST));
      await server.dispose();
      for (const dir of [withReal, changed]) {
        asBeforeTheMarker(dir);
        server = await startTestServer({ dataDir: dir, env: { DEMO: 'true' } });
        expect(server.demo, dir).toBeNull();
        expect(await demoAnswer(server.url)).toBeNull();
        expect(existsSync(join(dir, 'demo-content'))).toBe(false);
        await server.dispose();
        server = undefined;
      }
    },
  );

  it('deleting the marker hides the demo accounts', { timeout: 60_000 }, async () => {
    const dir = dataDir();
    server = await startTestServer({ dataDir: dir, env: { DEMO: 'true' } });
    expect(server.demo?.createdNow).toBe(true);
    await server.dispose();
    rmSync(join(dir, 'demo-content'));
    server = await startTestServer({ dataDir: dir, env: { DEMO: 'true' } });
    expect(await demoAnswer(server.url)).toBeNull();
  });
});
